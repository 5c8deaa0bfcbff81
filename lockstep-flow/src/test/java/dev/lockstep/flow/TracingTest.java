package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The events of a request, in order, correlated by its ids; and the per-request listener. */
class TracingTest {
    private static final Slot<String> HOLD = Slot.text("hold");
    private static final Slot<String> FLAKY = Slot.text("flaky");

    @Test
    void aRouteWithANeedARetryAndACompensationEmitsEveryKindInOrder() {
        ManualTimer timer = new ManualTimer();
        List<FlowEvent> all = new CopyOnWriteArrayList<>();
        List<FlowEvent> mine = new CopyOnWriteArrayList<>();
        FlowRuntime rt =
                FlowRuntime.builder().manualTime(timer).events(all::add).build();
        Step reserve = Step.named("reserve")
                .writes(HOLD, FLAKY)
                .run(v -> Need.of(
                                Effect.of("hold", HOLD, attempt -> Promise.completed("h")),
                                Effect.of(
                                                "flaky",
                                                FLAKY,
                                                attempt -> attempt == 1
                                                        ? Promise.failed(new FlowException("busy"))
                                                        : Promise.completed("f"))
                                        .retry(RetryPolicy.exponential(
                                                2, Duration.ofMillis(10), Duration.ofMillis(10))))
                        .sequential()
                        .compensate(Compensation.of("hold", attempt -> Promise.completed(null)))
                        .build());
        Step charge = Step.named("charge").reads(HOLD).run(v -> Decision.fail(402, "declined", "card"));
        Pipeline route = Pipeline.route("checkout").step(reserve).step(charge).build();
        String tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        Future<FlowResponse> f = rt.run(route, 7, Map.of(), new RequestContext("order-7", tp, 1500, mine::add));
        assertThat(rt.shedder().estimateNanos())
                .as("the arrival wait fed the shedder")
                .isEqualTo(300); // 0.2 x 1500
        timer.advance(Duration.ofMillis(10)); // the backoff before attempt 2 of "flaky"

        assertThat(f.resultNow().status()).isEqualTo(402);
        assertThat(all)
                .extracting(FlowEvent::toString)
                .containsExactly(
                        "7 REQUEST_START ",
                        "7 QUEUE_WAIT  arrival 1500ns",
                        "7 STEP_START reserve",
                        "7 STEP_END reserve Need",
                        "7 NEED reserve SEQUENTIAL ALL 2",
                        "7 EFFECT_START reserve/hold#1",
                        "7 EFFECT_END reserve/hold#1 ok",
                        "7 EFFECT_START reserve/flaky#1",
                        "7 EFFECT_END reserve/flaky#1 failed FlowException: busy",
                        "7 EFFECT_BACKOFF reserve/flaky#2 10000000ns",
                        "7 EFFECT_START reserve/flaky#2",
                        "7 EFFECT_END reserve/flaky#2 ok",
                        "7 JOIN reserve ok",
                        "7 STEP_RESUME reserve charge",
                        "7 STEP_START charge",
                        "7 STEP_END charge Fail",
                        "7 COMPENSATION_START /undo-hold#1",
                        "7 COMPENSATION_END /undo-hold#1 ok",
                        "7 REQUEST_END  402");
        assertThat(mine).as("the request's own listener sees the same events").isEqualTo(all);
        assertThat(all).allSatisfy(e -> {
            assertThat(e.requestKey()).isEqualTo("order-7");
            assertThat(e.traceparent()).isEqualTo(tp);
            assertThat(e.route()).isEqualTo("checkout");
        });
    }

    @Test
    void withoutASinkOrListenerNothingIsDeliveredAndTheRequestStillRuns() {
        List<FlowEvent> mine = new CopyOnWriteArrayList<>();
        FlowRuntime rt = FlowRuntime.builder().manualTime(new ManualTimer()).build();
        Step ok = Step.named("ok").run(v -> Decision.done(FlowResponse.text(200, "ok")));
        Pipeline p = Pipeline.route("ok").step(ok).build();
        assertThat(rt.run(p, Map.of()).resultNow().bodyText()).isEqualTo("ok");
        assertThat(rt.run(p, 2, Map.of(), new RequestContext("k", "", -1, mine::add))
                        .resultNow()
                        .status())
                .isEqualTo(200);
        assertThat(mine)
                .extracting(FlowEvent::type)
                .containsExactly(
                        FlowEvent.Type.REQUEST_START,
                        FlowEvent.Type.STEP_START,
                        FlowEvent.Type.STEP_END,
                        FlowEvent.Type.REQUEST_END);
    }
}
