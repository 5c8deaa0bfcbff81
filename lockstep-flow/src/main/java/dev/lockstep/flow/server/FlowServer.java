package dev.lockstep.flow.server;

import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.FlowRuntime;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.RequestContext;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.http.HttpRequest;
import dev.lockstep.flow.http.HttpResponse;
import dev.lockstep.flow.http.HttpServer;
import dev.lockstep.flow.internal.IoAwait;
import dev.lockstep.flow.limit.LoadShedder;
import dev.lockstep.flow.route.Router;
import dev.lockstep.flow.trace.RequestIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP front of lockstep-flow: routes requests to pipelines and runs them on a {@link
 * FlowRuntime}. Per request, on the connection's I/O task: match the route (404, or 405 with
 * {@code Allow}); shed load when the queueing delay is over the threshold (503 with {@code
 * Retry-After}); seed {@link #REQUEST} with the request; run the route's pipeline (global middleware
 * steps first, then the route's own); wait for it without blocking the I/O thread ({@link IoAwait});
 * answer with its response, adding {@code X-Request-ID} and {@code traceparent}.
 *
 * <p>Backpressure: the server builds its runtime with the configuration's {@code pools} bounds
 * (effect, continuation and compute queues, per-target caps, {@code shedAfter}); a runtime given to
 * {@link Builder#runtime} keeps its own. The shedder is the runtime's ({@link
 * FlowRuntime#shedder()}); the server hands each request's wait (from its first bytes' arrival,
 * {@link HttpRequest#arrivalNanos()}, to its run) to the runtime, which feeds it to the shedder with
 * the continuation waits it measures itself.
 *
 * <p>Debug mode ({@code observability.debugHeader}): each response carries {@code
 * X-Lockstep-Trace}, a bounded summary of the request's events ({@link TraceHeader}). Off by
 * default; when off, no per-request listener is made.
 *
 * <p>Routes are validated when the server starts ({@link Pipeline#validate()}): a step that reads a
 * slot no earlier step writes (nor the seeds) stops the start with an error naming the route, the
 * step and the slot. A route's pipeline lists {@link #REQUEST} among its seeds to read it.
 */
public final class FlowServer implements AutoCloseable {
    /** The request, seeded into every pipeline. */
    public static final Slot<FlowRequest> REQUEST = Slot.json("request", FlowRequest.class);

    private final HttpServer http;
    private final Router<Pipeline> router;
    private final FlowRuntime runtime;
    private final LoadShedder shedder;
    private final boolean debug;
    private final AtomicLong ids = new AtomicLong();
    private final ThreadLocal<RequestIds> correlation;

    private FlowServer(Builder b) {
        FlowConfig.Pools pools = b.config.pools();
        this.runtime = b.runtime != null
                ? b.runtime
                : FlowRuntime.builder()
                        .seed(b.seed)
                        .effectQueue(pools.effectQueue())
                        .continuationQueue(pools.continuationQueue())
                        .computeQueue(pools.computeQueue())
                        .perTargetInFlight(pools.perTargetInFlight())
                        .shedAfter(pools.shedAfter())
                        .build();
        this.debug = b.config.observability().debugHeader();
        this.router = new Router<>();
        for (Route r : b.routes) {
            List<Step> steps = new ArrayList<>(b.middleware);
            steps.addAll(r.pipeline.steps());
            List<Slot<?>> seeds = new ArrayList<>(r.pipeline.seeds());
            if (!seeds.contains(REQUEST)) {
                seeds.add(REQUEST);
            }
            Pipeline p = new Pipeline(r.pipeline.route(), seeds, steps).validate();
            router.add(r.method, r.pattern, p);
        }
        FlowConfig.Server s = b.config.server();
        this.shedder = runtime.shedder();
        long seed = b.seed;
        this.correlation = ThreadLocal.withInitial(
                () -> new RequestIds(seed ^ Thread.currentThread().threadId()));
        this.http = HttpServer.builder()
                .host(s.host())
                .port(s.port())
                .threads(
                        s.threads() > 0
                                ? s.threads()
                                : dev.lockstep.io.Threading.auto()
                                        .runtimes(Runtime.getRuntime().availableProcessors()))
                .maxRequestLine(s.maxRequestLine())
                .maxHeaderBytes(s.maxHeaderBytes())
                .maxHeaders(s.maxHeaders())
                .maxBody(s.maxBody())
                .backend(dev.lockstep.io.BackendKind.valueOf(s.backend().toUpperCase(Locale.ROOT)))
                .readTimeout(s.readTimeout())
                .idleTimeout(s.idleTimeout())
                .shutdownDeadline(s.shutdownDeadline())
                .handler(this::handle)
                .start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return http.port();
    }

    /** Graceful shutdown (see HttpServer.shutdown); returns the requests cut off at the deadline. */
    public int shutdown(java.time.Duration deadline) {
        return http.shutdown(deadline);
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpResponse handle(HttpRequest req) {
        // the wait ends when the handler starts (reading the body is the client's time, not queueing)
        long waited = Math.max(0, System.nanoTime() - req.arrivalNanos());
        RequestIds corr = correlation.get();
        String requestId = corr.requestId(req.header("X-Request-ID"));
        String traceparent = corr.traceHeader(req.header("traceparent"));
        HttpResponse out = route(req, requestId, traceparent, waited);
        return out.header("X-Request-ID", requestId).header("traceparent", traceparent);
    }

    private HttpResponse route(HttpRequest req, String requestId, String traceparent, long waited) {
        Router.Match<Pipeline> m = router.match(req.method(), req.path());
        if (m instanceof Router.Match.NotFound<Pipeline>) {
            return error(404, "no route for " + req.method() + " " + req.path(), "route");
        }
        if (m instanceof Router.Match.MethodNotAllowed<Pipeline> na) {
            return error(405, req.method() + " is not allowed on " + req.path(), "method")
                    .header("Allow", String.join(", ", na.allowed()));
        }
        Router.Match.Found<Pipeline> found = (Router.Match.Found<Pipeline>) m;
        if (shedder.shouldShed()) {
            return error(503, "the server is overloaded; retry later", "load")
                    .header("Retry-After", Integer.toString(shedder.retryAfterSeconds()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        var h = req.headers();
        for (int i = 0; i < h.size(); i++) {
            headers.putIfAbsent(h.name(i).toLowerCase(Locale.ROOT), h.value(i));
        }
        var peer = req.remoteAddress();
        FlowRequest fr = new FlowRequest(
                req.method(),
                req.path(),
                found.params(),
                req.queryParams(),
                headers,
                req.bodyText(),
                requestId,
                peer == null ? "" : hostPort(peer));
        TraceHeader trace = debug ? new TraceHeader() : null;
        var future = runtime.run(
                found.value(),
                ids.incrementAndGet(),
                Map.of(REQUEST, fr),
                new RequestContext(requestId, traceparent, waited, trace));
        CompletableFuture<FlowResponse> cf = new CompletableFuture<>();
        future.onComplete((v, e) -> {
            if (e == null) {
                cf.complete(v);
            } else {
                cf.completeExceptionally(e);
            }
        });
        cf.whenComplete((v, e) -> {
            if (cf.isCancelled()) {
                future.cancel("the HTTP request ended first");
            }
        });
        FlowResponse r = IoAwait.await(cf);
        String type = "application/octet-stream";
        for (var rh : r.headers().entrySet()) {
            if (rh.getKey().equalsIgnoreCase("Content-Type")) {
                type = rh.getValue(); // header names are case-insensitive
            }
        }
        HttpResponse out = HttpResponse.bytes(r.status(), type, r.body());
        r.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Content-Type") && !k.equalsIgnoreCase("Content-Length")) {
                out.header(k, v);
            }
        });
        if (trace != null) {
            out.header(TraceHeader.NAME, trace.value());
        }
        return out;
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        String h = a.getHostString(); // an IP literal: the address came without a name
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    private static HttpResponse error(int status, String what, String key) {
        String json = "{\"error\":{\"code\":" + status + ",\"what\":" + quote(what) + ",\"key\":" + quote(key) + "}}";
        return HttpResponse.bytes(status, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private record Route(String method, String pattern, Pipeline pipeline) {}

    /** Configures and starts a server. */
    public static final class Builder {
        private FlowConfig config = FlowConfig.DEFAULTS;
        private FlowRuntime runtime;
        private long seed;
        private final List<Step> middleware = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();

        public Builder config(FlowConfig config) {
            this.config = config;
            return this;
        }

        public Builder runtime(FlowRuntime runtime) {
            this.runtime = runtime;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A step run first in every route (global middleware), in the order added. */
        public Builder middleware(Step step) {
            middleware.add(step);
            return this;
        }

        public Builder route(String method, String pattern, Pipeline pipeline) {
            routes.add(new Route(method, pattern, pipeline));
            return this;
        }

        /** A flow, served at {@code POST /flow/v1/{slug}}. */
        public Builder flow(String slug, Pipeline pipeline) {
            return route("POST", "/flow/v1/" + slug, pipeline);
        }

        /** Validates every route and starts listening. */
        public FlowServer start() {
            return new FlowServer(this);
        }
    }
}
