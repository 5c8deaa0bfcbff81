package dev.lockstep.patch.internal.ir;

/**
 * A signal operation that also reads event buffers (how events become continuous values: a mask,
 * a sample and hold, an accumulator). Its node is a signal; its arguments are signals and events in
 * any order: {@code in[i]} is the signal-bank offset of argument i for a signal (-1 for an event),
 * {@code ev[i]} the buffer of argument i for an event (null for a signal). Events of the tick are
 * complete when it runs (the schedule puts event-dependent signals after the events).
 */
public interface EventReader extends Op {
    void eval(double[] s, int out, int[] in, EventBuffer[] ev, double[] k);
}
