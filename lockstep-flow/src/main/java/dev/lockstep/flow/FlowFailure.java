package dev.lockstep.flow;

/**
 * Thrown by an effect's operation (or a step) to fail the request with a chosen {@link FlowError}
 * instead of the default one (502 for a failed effect, 500 for a throwing step). An operation's
 * FlowFailure is final: the effect is not retried.
 */
public final class FlowFailure extends FlowException {
    private final FlowError error;

    public FlowFailure(FlowError error) {
        super(error.status() + " " + error.what() + (error.key() == null ? "" : " (" + error.key() + ")"));
        this.error = error;
    }

    /** The error the request fails with. */
    public FlowError error() {
        return error;
    }
}
