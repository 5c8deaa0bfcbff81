package dev.lockstep.flow;

/**
 * One traced moment of a request. Fields that do not apply are empty strings or 0.
 *
 * @param nanos the runtime clock's reading
 * @param requestId the request
 * @param type what happened
 * @param route the route
 * @param step the step (for step, need, effect and compensation events: the step that asked)
 * @param effect the effect or compensation
 * @param attempt the attempt (1-based) for effect and compensation events
 * @param outcome "ok", "failed: ...", "timeout", "cancelled", a decision or a status
 */
public record FlowEvent(
        long nanos, long requestId, Type type, String route, String step, String effect, int attempt, String outcome) {
    /** Kinds of events. */
    public enum Type {
        REQUEST_START,
        REQUEST_END,
        STEP_START,
        STEP_END,
        NEED,
        JOIN,
        EFFECT_START,
        EFFECT_END,
        EFFECT_BACKOFF,
        EFFECT_CANCELLED,
        COMPENSATION_START,
        COMPENSATION_END,
        EXIT_CALLBACK
    }

    @Override
    public String toString() {
        return requestId + " " + type + " " + step + (effect.isEmpty() ? "" : "/" + effect)
                + (attempt == 0 ? "" : "#" + attempt) + (outcome.isEmpty() ? "" : " " + outcome);
    }
}
