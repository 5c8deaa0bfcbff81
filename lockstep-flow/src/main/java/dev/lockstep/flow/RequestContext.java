package dev.lockstep.flow;

import java.util.function.Consumer;

/**
 * What the caller of {@link FlowRuntime#run(Pipeline, long, java.util.Map, RequestContext)} knows
 * about a request before it runs: its correlation ids (copied onto every {@link FlowEvent}), how
 * long it already waited (traced as {@code QUEUE_WAIT "arrival"} and fed to the runtime's load
 * shedder), and a listener for this request's events only (the server's debug trace header).
 *
 * @param requestKey the request's correlation id ({@code X-Request-ID}), or ""
 * @param traceparent the request's W3C trace context, or ""
 * @param queuedNanos how long the request waited before it was handed to the runtime; negative
 *     when unknown (nothing is traced or fed to the shedder then)
 * @param events receives this request's events (on the thread running the request, one at a
 *     time; the last one, {@code REQUEST_END}, before the response is published), or null
 */
public record RequestContext(String requestKey, String traceparent, long queuedNanos, Consumer<FlowEvent> events) {
    /** No ids, no known wait, no listener. */
    public static final RequestContext NONE = new RequestContext("", "", -1, null);

    public RequestContext {
        requestKey = requestKey == null ? "" : requestKey;
        traceparent = traceparent == null ? "" : traceparent;
    }
}
