package dev.lockstep.flow;

/** How a {@link Need}'s effects are started. */
public enum Mode {
    /** All at once. */
    PARALLEL,
    /** One after another, in the order listed; the next starts when the previous one finished. */
    SEQUENTIAL
}
