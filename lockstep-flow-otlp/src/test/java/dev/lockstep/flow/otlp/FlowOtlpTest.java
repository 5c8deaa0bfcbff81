package dev.lockstep.flow.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.flow.Compensation;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.Effect;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.FlowRuntime;
import dev.lockstep.flow.ManualTimer;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.RequestContext;
import dev.lockstep.flow.RetryPolicy;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.trace.TraceParent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spans exported over real OTLP/HTTP to a local endpoint, decoded from the protobuf payload. */
@Timeout(60)
class FlowOtlpTest {
    static final Slot<String> PRICE = Slot.text("price");
    static final Slot<String> ADS = Slot.text("ads");

    record Received(String path, String method, String contentType, byte[] body) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer collector;

    @BeforeEach
    void startCollector() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(
                    ex.getRequestURI().getPath(),
                    ex.getRequestMethod(),
                    ex.getRequestHeaders().getFirst("Content-Type"),
                    body));
            ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
            ex.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + collector.getAddress().getPort();
    }

    /** load: PARALLEL of price (fails once, then succeeds) and ads (optional, fails); pay: 409, so price is compensated. */
    static Pipeline buy() {
        Step load = Step.named("load")
                .writes(PRICE, ADS)
                .run(v -> Need.of(
                                Effect.of(
                                                "price",
                                                PRICE,
                                                attempt -> attempt == 1
                                                        ? Promise.failed(new IllegalStateException("busy"))
                                                        : Promise.completed("12"))
                                        .retry(RetryPolicy.exponential(2, Duration.ofMillis(5), Duration.ofMillis(5))),
                                Effect.of("ads", ADS, attempt -> Promise.failed(new IllegalStateException("no ads")))
                                        .optional())
                        .compensate(Compensation.of("price", attempt -> Promise.completed(null)))
                        .build());
        Step pay = Step.named("pay").reads(PRICE).run(v -> Decision.fail(409, "card declined", "card"));
        return Pipeline.route("POST /buy").step(load).step(pay).build();
    }

    private static FlowResponse run(FlowOtlp otlp, Pipeline p, long id) {
        ManualTimer timer = new ManualTimer();
        FlowRuntime runtime =
                FlowRuntime.builder().manualTime(timer).events(otlp).build();
        Future<FlowResponse> f = runtime.run(p, id, Map.of());
        while (!f.isDone() && timer.fireNext()) {
            // backoffs fire at once on the manual timer
        }
        return f.join();
    }

    private static OtlpWire.Span only(List<OtlpWire.Span> spans, String name, long attempt) {
        var found = spans.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> attempt == 0
                        || Long.valueOf(attempt).equals(s.attributes().get("flow.attempt")))
                .toList();
        assertThat(found).as(name + " #" + attempt).hasSize(1);
        return found.get(0);
    }

    @Test
    void aRequestBecomesATreeOfSpansExportedOverOtlpHttp() {
        TraceParent incoming = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        try (FlowOtlp otlp = FlowOtlp.create(new FlowConfig.Observability(true, false, endpoint(), "shop"))) {
            otlp.parent(7, incoming);
            assertThat(run(otlp, buy(), 7).status()).isEqualTo(409);
            assertThat(otlp.flush(Duration.ofSeconds(30))).isTrue();

            assertThat(received).isNotEmpty();
            assertThat(received).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/v1/traces");
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.contentType()).isEqualTo("application/x-protobuf");
            });
            List<OtlpWire.Span> spans = received.stream()
                    .map(r -> OtlpWire.decode(r.body()))
                    .flatMap(e -> {
                        assertThat(e.resource()).containsEntry("service.name", "shop");
                        return e.spans().stream();
                    })
                    .toList();

            OtlpWire.Span request = only(spans, "POST /buy", 0);
            assertThat(request.kind()).isEqualTo(2); // SERVER
            assertThat(request.traceId()).isEqualTo(incoming.traceId());
            assertThat(request.parentSpanId()).isEqualTo(incoming.parentId());
            assertThat(request.attributes())
                    .containsEntry("flow.route", "POST /buy")
                    .containsEntry("flow.request_id", 7L)
                    .containsEntry("http.response.status_code", 409L)
                    .containsEntry("flow.outcome", "409");
            assertThat(request.statusCode()).isEqualTo(0); // a 4xx is not a server error
            assertThat(spans).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(incoming.traceId()));

            OtlpWire.Span load = only(spans, "step load", 0);
            assertThat(load.parentSpanId()).isEqualTo(request.spanId());
            assertThat(load.attributes()).containsEntry("flow.step", "load").containsEntry("flow.outcome", "join ok");
            assertThat(load.events()).contains("need", "backoff", "join");

            OtlpWire.Span price1 = only(spans, "effect price", 1);
            OtlpWire.Span price2 = only(spans, "effect price", 2);
            assertThat(price1.parentSpanId()).isEqualTo(load.spanId());
            assertThat(price2.parentSpanId()).isEqualTo(load.spanId());
            assertThat(price1.attributes())
                    .containsEntry("flow.route", "POST /buy")
                    .containsEntry("flow.step", "load")
                    .containsEntry("flow.effect", "price")
                    .containsEntry("flow.outcome", "failed IllegalStateException: busy");
            assertThat(price1.statusCode()).isEqualTo(2); // ERROR
            assertThat(price2.attributes()).containsEntry("flow.outcome", "ok");
            assertThat(price2.statusCode()).isEqualTo(0);
            assertThat(only(spans, "effect ads", 1).statusCode()).isEqualTo(2);

            OtlpWire.Span pay = only(spans, "step pay", 0);
            assertThat(pay.parentSpanId()).isEqualTo(request.spanId());
            assertThat(pay.attributes()).containsEntry("flow.outcome", "Fail");

            OtlpWire.Span undo = only(spans, "compensation undo-price", 1);
            assertThat(undo.parentSpanId()).isEqualTo(request.spanId());
            assertThat(undo.attributes()).containsEntry("flow.outcome", "ok");
        }
    }

    @Test
    void withoutATraceparentARequestStartsANewTrace() {
        try (FlowOtlp otlp = FlowOtlp.create(endpoint() + "/v1/traces", "shop")) {
            run(otlp, buy(), 1);
            run(otlp, buy(), 2);
            assertThat(otlp.flush(Duration.ofSeconds(30))).isTrue();
            List<OtlpWire.Span> requests = received.stream()
                    .flatMap(r -> OtlpWire.decode(r.body()).spans().stream())
                    .filter(s -> s.name().equals("POST /buy"))
                    .toList();
            assertThat(requests).hasSize(2);
            assertThat(requests).allSatisfy(s -> assertThat(s.parentSpanId()).isEmpty());
            assertThat(requests.get(0).traceId()).isNotEqualTo(requests.get(1).traceId());
        }
    }

    @Test
    void theEventsTraceparentParentsTheRequestSpanWhenNoneIsRegistered() {
        String server = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"; // as FlowServer answers
        try (FlowOtlp otlp = FlowOtlp.create(endpoint() + "/v1/traces", "shop")) {
            ManualTimer timer = new ManualTimer();
            FlowRuntime runtime =
                    FlowRuntime.builder().manualTime(timer).events(otlp).build();
            Future<FlowResponse> f = runtime.run(buy(), 3, Map.of(), new RequestContext("req-3", server, 0, null));
            while (!f.isDone() && timer.fireNext()) {
                // backoffs fire at once on the manual timer
            }
            assertThat(f.join().status()).isEqualTo(409);
            assertThat(otlp.flush(Duration.ofSeconds(30))).isTrue();
            OtlpWire.Span request = received.stream()
                    .flatMap(r -> OtlpWire.decode(r.body()).spans().stream())
                    .filter(s -> s.name().equals("POST /buy"))
                    .findFirst()
                    .orElseThrow();
            assertThat(request.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(request.parentSpanId()).isEqualTo("b7ad6b7169203331");
        }
    }

    @Test
    void aMissingEndpointNamesTheKey() {
        assertThatThrownBy(() -> FlowOtlp.create(FlowConfig.Observability.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observability.otlpEndpoint");
    }
}
