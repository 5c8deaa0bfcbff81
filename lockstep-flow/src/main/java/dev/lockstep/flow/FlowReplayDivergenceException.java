package dev.lockstep.flow;

/**
 * A replayed request did not follow its recording: it asked for an effect or attempt the
 * recording does not hold, left a recorded outcome unused, could not finish, or answered with
 * another response. The message names the request, the route, and the step and effect where it
 * diverged (empty when the divergence is in the response).
 */
public final class FlowReplayDivergenceException extends FlowException {
    private final long requestId;
    private final String step;
    private final String effect;

    public FlowReplayDivergenceException(long requestId, String step, String effect, String message) {
        super(message);
        this.requestId = requestId;
        this.step = step == null ? "" : step;
        this.effect = effect == null ? "" : effect;
    }

    /** The request that diverged. */
    public long requestId() {
        return requestId;
    }

    /** The step whose Need diverged, or "". */
    public String step() {
        return step;
    }

    /** The effect (or compensation) that diverged, or "". */
    public String effect() {
        return effect;
    }
}
