package dev.lockstep.core.replay;

/**
 * A replayed run asked a {@link ReplayCursor} for inputs in an order the recording does not
 * have: it moved past logical times whose records it never took, or finished while records were
 * left. The run has diverged from the recording; the message names the times and the record.
 */
public final class ReplayDivergenceException extends ReplayException {
    public ReplayDivergenceException(String message) {
        super(message);
    }
}
