package dev.lockstep.sync;

/**
 * A machine's main process: it receives the host's input signal (emitted at the start of every
 * instant that has an input) and the output signal (handed to the host at the end of every instant
 * in which it was emitted).
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface Program<I, O> {
    void run(Sync s, EventSignal<I> input, EventSignal<O> output) throws Exception;
}
