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
 * @param requestKey the request's correlation id (the server's {@code X-Request-ID}), or ""
 * @param traceparent the request's W3C trace context (the server's {@code traceparent}), or ""
 */
public record FlowEvent(
        long nanos,
        long requestId,
        Type type,
        String route,
        String step,
        String effect,
        int attempt,
        String outcome,
        String requestKey,
        String traceparent) {
    /** An event without correlation ids. */
    public FlowEvent(
            long nanos,
            long requestId,
            Type type,
            String route,
            String step,
            String effect,
            int attempt,
            String outcome) {
        this(nanos, requestId, type, route, step, effect, attempt, outcome, "", "");
    }

    /** Kinds of events (new kinds are added at the end: the ordinal is the lockstep-core trace's {@code type}). */
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
        EXIT_CALLBACK,
        /** The join succeeded and the request resumes; {@code step} asked, the outcome names the step that runs next. */
        STEP_RESUME,
        /**
         * Work of the request waited in a queue: outcome {@code "arrival <n>ns"} (from the request's
         * first bytes to its first step, measured by the server) or {@code "continuation <n>ns"}
         * (a continuation handed off until it ran); see the Backpressure section of the guide.
         */
        QUEUE_WAIT,
        /**
         * Admission was refused: outcome {@code "effect queue full (N)"}, {@code "target T at its
         * in-flight cap (N)"}, {@code "compute queue full (N)"} or {@code "continuation queue full (N)"}.
         */
        QUEUE_FULL
    }

    @Override
    public String toString() {
        return requestId + " " + type + " " + step + (effect.isEmpty() ? "" : "/" + effect)
                + (attempt == 0 ? "" : "#" + attempt) + (outcome.isEmpty() ? "" : " " + outcome);
    }
}
