package dev.lockstep.sync;

/**
 * One instant of a {@link Timeline}.
 *
 * @param instant the instant's number
 * @param input the host's input in the instant, or null if there was none
 * @param output the output emitted in the instant, or null if there was none
 */
public record InstantRecord<I, O>(long instant, I input, O output) {}
