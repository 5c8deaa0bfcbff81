package dev.lockstep.flow.otlp;

import dev.lockstep.flow.FlowEvent;
import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.trace.TraceParent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns a flow runtime's {@link FlowEvent} stream into OpenTelemetry spans and exports them over
 * OTLP/HTTP (protobuf): install it as the runtime's event sink.
 *
 * <pre>{@code
 * try (FlowOtlp otlp = FlowOtlp.create(config.observability())) {      // otlpEndpoint, serviceName
 *     FlowRuntime runtime = FlowRuntime.builder().events(otlp).build();
 *     ...
 * }                                                                      // close flushes
 * }</pre>
 *
 * <p><b>Spans.</b> One SERVER span per request, named after the route, a child of the request's
 * W3C traceparent when one was registered with {@link #parent}, else of the events' own
 * traceparent (the one {@code FlowServer} answers with, so the exported trace id is the one the
 * client sees), else the root of a new trace. Under it: one span per step ({@code step <name>}, from STEP_START to STEP_END, or to the
 * JOIN of the Need the step asked for), and one span per compensation attempt ({@code compensation
 * <name>}). Under a step: one span per effect attempt ({@code effect <name>}, from EFFECT_START to
 * its EFFECT_END or EFFECT_CANCELLED). Attributes: {@code flow.route}, {@code flow.request_id},
 * {@code flow.step}, {@code flow.effect}, {@code flow.attempt}, {@code flow.outcome} (the event's
 * outcome: "ok", "failed ...", "timeout", "cancelled: ...", a decision, a status), and on the
 * request span {@code http.response.status_code}. Status ERROR: an effect or compensation attempt
 * that did not end "ok", a step that threw, a join that failed, a request answered with 5xx.
 * NEED, JOIN, EFFECT_BACKOFF, EFFECT_CANCELLED of an effect never started and EXIT_CALLBACK are
 * span events. Timestamps are the runtime clock's readings, placed on the wall clock by the
 * offset seen at the first event.
 *
 * <p><b>Threads.</b> Events of one request arrive one at a time (the runtime serialises a
 * request); requests arrive concurrently, each with its own state. Spans are batched by the SDK's
 * {@link BatchSpanProcessor} and exported on its thread; {@link #flush} waits for the export.
 */
public final class FlowOtlp implements Consumer<FlowEvent>, AutoCloseable {
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("flow.route");
    static final AttributeKey<Long> REQUEST_ID = AttributeKey.longKey("flow.request_id");
    static final AttributeKey<String> STEP = AttributeKey.stringKey("flow.step");
    static final AttributeKey<String> EFFECT = AttributeKey.stringKey("flow.effect");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("flow.attempt");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("flow.outcome");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final Map<Long, Request> requests = new ConcurrentHashMap<>();
    private final Map<Long, TraceParent> parents = new ConcurrentHashMap<>();
    private volatile long offset; // epoch nanos minus runtime clock nanos; set at the first event
    private volatile boolean offsetSet;

    private FlowOtlp(SpanExporter exporter, String serviceName) {
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        this.tracer = provider.get("dev.lockstep.flow");
    }

    /**
     * Exports to the configuration's {@code otlpEndpoint} as {@code serviceName}.
     *
     * @throws IllegalArgumentException when no endpoint is configured (naming the key)
     */
    public static FlowOtlp create(FlowConfig.Observability observability) {
        String endpoint = observability.otlpEndpoint();
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException(
                    "observability.otlpEndpoint is not set: there is nowhere to export spans to");
        }
        return create(endpoint, observability.serviceName());
    }

    /**
     * Exports over OTLP/HTTP (protobuf) to {@code endpoint}: a base URL such as {@code
     * http://127.0.0.1:4318}, to which {@code /v1/traces} is added, or the full traces URL.
     */
    public static FlowOtlp create(String endpoint, String serviceName) {
        String url = endpoint.endsWith("/v1/traces")
                ? endpoint
                : (endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint) + "/v1/traces";
        return create(OtlpHttpSpanExporter.builder().setEndpoint(url).build(), serviceName);
    }

    /** Exports through any span exporter (a logging one, an in-memory one in tests). */
    public static FlowOtlp create(SpanExporter exporter, String serviceName) {
        if (exporter == null || serviceName == null || serviceName.isBlank()) {
            throw new IllegalArgumentException("FlowOtlp needs an exporter and a service name");
        }
        return new FlowOtlp(exporter, serviceName);
    }

    /**
     * Makes request {@code requestId}'s span a child of {@code parent} (the request's incoming W3C
     * traceparent). Call before the request starts; the registration is used once, by that request.
     */
    public void parent(long requestId, TraceParent parent) {
        if (parent != null) {
            parents.put(requestId, parent);
        }
    }

    /** Exports every span ended so far; true when the export finished in time and succeeded. */
    public boolean flush(Duration timeout) {
        return provider.forceFlush()
                .join(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .isSuccess();
    }

    /** Ends the spans of requests still open (as "unfinished"), flushes, and shuts the exporter down. */
    @Override
    public void close() {
        for (Request r : requests.values()) {
            r.endAll(epochNanos(), "unfinished");
        }
        requests.clear();
        provider.close();
    }

    @Override
    public void accept(FlowEvent ev) {
        if (!offsetSet) {
            offset = epochNanos() - ev.nanos();
            offsetSet = true;
        }
        long t = ev.nanos() + offset;
        if (ev.type() == FlowEvent.Type.REQUEST_START) {
            requests.put(ev.requestId(), new Request(ev, t));
            return;
        }
        Request r = requests.get(ev.requestId());
        if (r == null) {
            return; // started before this sink was installed
        }
        if (ev.type() == FlowEvent.Type.REQUEST_END) {
            requests.remove(ev.requestId());
        }
        r.on(ev, t);
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The open spans of one request; touched by one thread at a time. */
    private final class Request {
        final Span span;
        final String route;
        final Map<String, Span> steps = new HashMap<>();
        final Map<String, Span> attempts = new HashMap<>();
        final Map<String, Span> compensations = new HashMap<>();

        Request(FlowEvent ev, long t) {
            this.route = ev.route();
            TraceParent p = parents.remove(ev.requestId());
            if (p == null && !ev.traceparent().isEmpty()) {
                p = TraceParent.parse(ev.traceparent()); // the server's context: same trace as its response header
            }
            Context parent = p == null
                    ? Context.root()
                    : Context.root()
                            .with(Span.wrap(SpanContext.createFromRemoteParent(
                                    p.traceId(),
                                    p.parentId(),
                                    TraceFlags.fromByte((byte) p.flags()),
                                    TraceState.getDefault())));
            var b = tracer.spanBuilder(route)
                    .setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(t, TimeUnit.NANOSECONDS)
                    .setAttribute(ROUTE, route)
                    .setAttribute(REQUEST_ID, ev.requestId());
            this.span = (p == null ? b.setNoParent() : b.setParent(parent)).startSpan();
        }

        private Span child(Span parent, String name, FlowEvent ev, long t) {
            var b = tracer.spanBuilder(name)
                    .setParent(Context.root().with(parent))
                    .setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(t, TimeUnit.NANOSECONDS)
                    .setAttribute(ROUTE, route)
                    .setAttribute(REQUEST_ID, ev.requestId());
            if (!ev.step().isEmpty()) {
                b.setAttribute(STEP, ev.step());
            }
            if (!ev.effect().isEmpty()) {
                b.setAttribute(EFFECT, ev.effect());
            }
            if (ev.attempt() != 0) {
                b.setAttribute(ATTEMPT, (long) ev.attempt());
            }
            return b.startSpan();
        }

        private Span stepOrRequest(String step) {
            Span s = steps.get(step);
            return s != null ? s : span;
        }

        private static String attemptKey(FlowEvent ev) {
            return ev.step() + "\u0000" + ev.effect() + "\u0000" + ev.attempt();
        }

        private static Attributes eventAttributes(FlowEvent ev) {
            var b = Attributes.builder();
            if (!ev.effect().isEmpty()) {
                b.put(EFFECT, ev.effect());
            }
            if (ev.attempt() != 0) {
                b.put(ATTEMPT, (long) ev.attempt());
            }
            if (!ev.outcome().isEmpty()) {
                b.put(OUTCOME, ev.outcome());
            }
            return b.build();
        }

        private static void end(Span s, String outcome, boolean error, long t) {
            s.setAttribute(OUTCOME, outcome);
            if (error) {
                s.setStatus(StatusCode.ERROR, outcome);
            }
            s.end(t, TimeUnit.NANOSECONDS);
        }

        void on(FlowEvent ev, long t) {
            switch (ev.type()) {
                case STEP_START -> steps.put(ev.step(), child(span, "step " + ev.step(), ev, t));
                case STEP_END -> {
                    Span s = steps.get(ev.step());
                    if (s != null && !ev.outcome().equals("Need")) { // a Need's step ends at its JOIN
                        steps.remove(ev.step());
                        end(s, ev.outcome(), ev.outcome().startsWith("threw"), t);
                    } else if (s != null) {
                        s.setAttribute(OUTCOME, ev.outcome());
                    }
                }
                case NEED -> stepOrRequest(ev.step()).addEvent("need", eventAttributes(ev), t, TimeUnit.NANOSECONDS);
                case JOIN -> {
                    Span s = steps.remove(ev.step());
                    if (s != null) {
                        s.addEvent("join", eventAttributes(ev), t, TimeUnit.NANOSECONDS);
                        end(s, "join " + ev.outcome(), !ev.outcome().equals("ok"), t);
                    }
                }
                case EFFECT_START ->
                    attempts.put(attemptKey(ev), child(stepOrRequest(ev.step()), "effect " + ev.effect(), ev, t));
                case EFFECT_END -> {
                    Span s = attempts.remove(attemptKey(ev));
                    if (s != null) {
                        end(s, ev.outcome(), !ev.outcome().equals("ok"), t);
                    }
                }
                case EFFECT_CANCELLED -> {
                    Span s = attempts.remove(attemptKey(ev));
                    if (s != null) {
                        end(s, "cancelled: " + ev.outcome(), false, t);
                    } else {
                        stepOrRequest(ev.step())
                                .addEvent("effect cancelled", eventAttributes(ev), t, TimeUnit.NANOSECONDS);
                    }
                }
                case EFFECT_BACKOFF ->
                    stepOrRequest(ev.step()).addEvent("backoff", eventAttributes(ev), t, TimeUnit.NANOSECONDS);
                case COMPENSATION_START ->
                    compensations.put(attemptKey(ev), child(span, "compensation " + ev.effect(), ev, t));
                case COMPENSATION_END -> {
                    Span s = compensations.remove(attemptKey(ev));
                    if (s != null) {
                        end(s, ev.outcome(), !ev.outcome().equals("ok"), t);
                    }
                }
                case EXIT_CALLBACK -> span.addEvent("exit callback", eventAttributes(ev), t, TimeUnit.NANOSECONDS);
                case REQUEST_END -> {
                    Integer status = status(ev.outcome());
                    if (status != null) {
                        span.setAttribute(HTTP_STATUS, (long) status);
                    }
                    endAll(t, "unfinished at request end");
                    end(span, ev.outcome(), status != null && status >= 500, t);
                }
                case REQUEST_START -> {}
            }
        }

        /** Ends every open child span (a request that ended or was abandoned). */
        void endAll(long t, String outcome) {
            for (Span s : attempts.values()) {
                end(s, outcome, false, t);
            }
            for (Span s : compensations.values()) {
                end(s, outcome, false, t);
            }
            for (Span s : steps.values()) {
                end(s, outcome, false, t);
            }
            attempts.clear();
            compensations.clear();
            steps.clear();
        }

        private static Integer status(String outcome) {
            try {
                return Integer.valueOf(outcome);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
