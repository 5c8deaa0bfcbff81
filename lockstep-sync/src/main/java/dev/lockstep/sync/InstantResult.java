package dev.lockstep.sync;

/**
 * What one {@link Machine#step(Object)} did.
 *
 * @param instant the instant's number
 * @param output the value emitted on the output signal in the instant, or null if it was absent
 * @param snapshot the instant's {@link InstantSnapshot}
 * @param finished whether the run has ended: nothing is scheduled for the next instant (see {@link
 *     Machine#isFinished()})
 */
public record InstantResult<O>(long instant, O output, InstantSnapshot snapshot, boolean finished) {
    /** Whether the output signal was emitted in the instant. */
    public boolean hasOutput() {
        return output != null;
    }
}
