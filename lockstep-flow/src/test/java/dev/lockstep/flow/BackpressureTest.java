package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Engine;
import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime's bounds: the effect queue, per-target caps, the compute queue and the continuation
 * queue, each failing with 429 when full, and their permits given back however an attempt ends.
 */
@Timeout(30)
class BackpressureTest {
    private static final Slot<String> X = Slot.text("x");
    private static final Slot<String> Y = Slot.text("y");

    /** Attempts whose futures the test completes. */
    private static final class Held implements Operation {
        final List<Promise<Object>> started = new CopyOnWriteArrayList<>();

        @Override
        public Future<?> start(int attempt) {
            Promise<Object> p = new Promise<>();
            started.add(p);
            return p;
        }

        Promise<Object> last() {
            return started.get(started.size() - 1);
        }
    }

    private static Effect<String> effect(String name, String target, Slot<String> slot, Operation op) {
        return new Effect<>(name, "custom", target, slot, true, null, RetryPolicy.NONE, op);
    }

    /** Step "ask" asks for {@code effects} (joined with ALL), step "answer" shows x and y. */
    private static Pipeline route(List<Effect<?>> effects) {
        Step ask = Step.named("ask").writes(X, Y).run(v -> new Need(effects, Mode.PARALLEL, Join.ALL, null, null));
        Step answer = Step.named("answer")
                .reads(X, Y)
                .run(v -> Decision.done(FlowResponse.text(
                        200,
                        "x=" + v.optional(X).orElse("-") + " y=" + v.optional(Y).orElse("-"))));
        return Pipeline.route("bp").step(ask).step(answer).build();
    }

    private static FlowResponse now(Future<FlowResponse> f) {
        assertThat(f.isDone()).as("the response is published").isTrue();
        return f.resultNow();
    }

    @Test
    void aFullEffectQueueFailsARequiredEffectWith429AndItsRequest() {
        List<FlowEvent> events = new CopyOnWriteArrayList<>();
        FlowRuntime rt = FlowRuntime.builder()
                .manualTime(new ManualTimer())
                .effectQueue(1)
                .events(events::add)
                .build();
        Held hold = new Held();
        Future<FlowResponse> first = rt.run(route(List.of(effect("hold", "", X, hold))), Map.of());
        assertThat(rt.queues().effectsInFlight()).isEqualTo(1);

        Held never = new Held();
        FlowResponse refused = now(rt.run(route(List.of(effect("x", "", X, never))), Map.of()));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.bodyText()).contains("effect queue full (1)").contains("\"key\":\"x\"");
        assertThat(never.started).as("a refused attempt never starts").isEmpty();
        assertThat(events)
                .filteredOn(e -> e.type() == FlowEvent.Type.QUEUE_FULL)
                .extracting(FlowEvent::effect, FlowEvent::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x", "effect queue full (1)"));

        hold.last().complete("held");
        assertThat(now(first).bodyText()).isEqualTo("x=held y=-");
        assertThat(rt.queues().effectsInFlight()).isZero();
        assertThat(now(rt.run(route(List.of(effect("x", "", X, attempt -> Promise.completed("again")))), Map.of()))
                        .bodyText())
                .isEqualTo("x=again y=-");
    }

    @Test
    void aFullEffectQueueFailsAnOptionalEffectAndTheRequestGoesOn() {
        FlowRuntime rt = FlowRuntime.builder()
                .manualTime(new ManualTimer())
                .effectQueue(2)
                .build();
        Held hold = new Held();
        Future<FlowResponse> first = rt.run(route(List.of(effect("hold", "", X, hold))), Map.of());
        // one slot left: y (required) takes it, x (optional) is refused and leaves its slot empty
        Held y = new Held();
        Future<FlowResponse> second = rt.run(
                route(List.of(
                        effect("y", "", Y, y),
                        effect("x", "", X, attempt -> Promise.completed("no")).optional())),
                Map.of());
        assertThat(second.isDone()).isFalse();
        y.last().complete("yes");
        assertThat(now(second).bodyText()).isEqualTo("x=- y=yes");
        hold.last().complete("h");
        assertThat(now(first).status()).isEqualTo(200);
        assertThat(rt.queues().effectsInFlight()).isZero();
    }

    @Test
    void aTargetAtItsCapRefusesWith429WhileOtherTargetsGoOn() {
        FlowRuntime rt = FlowRuntime.builder()
                .manualTime(new ManualTimer())
                .perTargetInFlight(1)
                .build();
        Held hold = new Held();
        Future<FlowResponse> first = rt.run(route(List.of(effect("hold", "db/orders", X, hold))), Map.of());
        assertThat(rt.inFlight("db/orders")).isEqualTo(1);
        FlowResponse refused =
                now(rt.run(route(List.of(effect("x", "db/orders", X, attempt -> Promise.completed("no")))), Map.of()));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.bodyText())
                .contains("target db/orders at its in-flight cap (1)")
                .contains("\"key\":\"x\"");
        FlowResponse other =
                now(rt.run(route(List.of(effect("x", "db/users", X, attempt -> Promise.completed("u")))), Map.of()));
        assertThat(other.bodyText()).isEqualTo("x=u y=-");
        // effects without a target are not capped per target
        Held a = new Held();
        Held b = new Held();
        Future<FlowResponse> untargeted =
                rt.run(route(List.of(effect("x", "", X, a), effect("y", "", Y, b))), Map.of());
        assertThat(a.started).hasSize(1);
        assertThat(b.started).hasSize(1);
        a.last().complete("a");
        b.last().complete("b");
        assertThat(now(untargeted).bodyText()).isEqualTo("x=a y=b");
        hold.last().complete("h");
        assertThat(now(first).status()).isEqualTo(200);
    }

    /** One request on target "t" whose attempt the test ends; then the permit must be back. */
    private static void assertPermitBack(FlowRuntime rt) {
        assertThat(rt.inFlight("t")).isZero();
        assertThat(rt.queues().targetsInFlight()).isZero();
        assertThat(rt.queues().effectsInFlight()).isZero();
        FlowResponse next =
                now(rt.run(route(List.of(effect("x", "t", X, attempt -> Promise.completed("next")))), Map.of()));
        assertThat(next.bodyText()).as("the target admits again").isEqualTo("x=next y=-");
    }

    @Test
    void permitsAreReleasedHoweverTheAttemptEnds() {
        ManualTimer timer = new ManualTimer();
        FlowRuntime rt = FlowRuntime.builder()
                .manualTime(timer)
                .perTargetInFlight(1)
                .effectQueue(1)
                .build();
        Held op = new Held();

        // success
        Future<FlowResponse> ok = rt.run(route(List.of(effect("x", "t", X, op))), Map.of());
        op.last().complete("v");
        assertThat(now(ok).status()).isEqualTo(200);
        assertPermitBack(rt);

        // failure
        Future<FlowResponse> failed = rt.run(route(List.of(effect("x", "t", X, op))), Map.of());
        op.last().fail(new FlowException("down"));
        assertThat(now(failed).status()).isEqualTo(502);
        assertPermitBack(rt);

        // timeout: the runtime cancels the attempt
        Future<FlowResponse> timedOut =
                rt.run(route(List.of(effect("x", "t", X, op).timeout(Duration.ofSeconds(1)))), Map.of());
        timer.advance(Duration.ofSeconds(1));
        assertThat(now(timedOut).status()).isEqualTo(504);
        assertThat(op.last().isCancelled()).isTrue();
        assertPermitBack(rt);

        // the response future cancelled by the caller
        Future<FlowResponse> cancelled = rt.run(route(List.of(effect("x", "t", X, op))), Map.of());
        cancelled.cancel("client went away");
        assertThat(op.last().isCancelled()).isTrue();
        assertPermitBack(rt);

        // a join that no longer needs the attempt (ANY decided by the other effect)
        Held other = new Held();
        Step ask = Step.named("ask")
                .writes(X, Y)
                .run(v -> new Need(
                        List.of(effect("x", "t", X, op), effect("y", "", Y, other)),
                        Mode.PARALLEL,
                        Join.ANY,
                        null,
                        null));
        Step answer = Step.named("answer").run(v -> Decision.done(FlowResponse.text(200, "any")));
        FlowRuntime rt2 =
                FlowRuntime.builder().manualTime(timer).perTargetInFlight(1).build();
        Future<FlowResponse> any =
                rt2.run(Pipeline.route("any").step(ask).step(answer).build(), Map.of());
        assertThat(rt2.inFlight("t")).isEqualTo(1);
        other.last().complete("y");
        assertThat(now(any).bodyText()).isEqualTo("any");
        assertThat(op.last().isCancelled()).isTrue();
        assertPermitBack(rt2);
    }

    @Test
    void aFullComputeQueueFailsTheEffectWith429AndCountsEachTaskOutOnce() throws Exception {
        try (Engine engine = Engine.builder().name("bp-compute").workers(1).build()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            engine.submit(() -> {
                running.countDown();
                release.await();
                return null;
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue(); // the only worker is busy
            FlowRuntime rt = FlowRuntime.builder().computeQueue(1).build();
            Future<FlowResponse> waiting = rt.run(route(List.of(Compute.task(engine, "c1", X, () -> "one"))), Map.of());
            assertThat(rt.queues().computeWaiting()).isEqualTo(1);
            FlowResponse refused = now(rt.run(route(List.of(Compute.task(engine, "c2", X, () -> "two"))), Map.of()));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.bodyText()).contains("compute queue full (1)").contains("\"key\":\"c2\"");
            // a waiting task cancelled with its request leaves the queue (the engine will never start it)
            waiting.cancel("gone");
            assertThat(rt.queues().computeWaiting()).isZero();
            Future<FlowResponse> third = rt.run(route(List.of(Compute.task(engine, "c3", X, () -> "three"))), Map.of());
            assertThat(rt.queues().computeWaiting()).isEqualTo(1);
            release.countDown();
            assertThat(third.await(Duration.ofSeconds(10)).bodyText()).isEqualTo("x=three y=-");
            assertThat(rt.queues().computeWaiting()).isZero();
            assertThat(rt.queues().effectsInFlight()).isZero();
        }
    }

    @Test
    void aFullContinuationQueueFailsTheRequestWith429() {
        ManualTimer timer = new ManualTimer();
        List<Runnable> handedOff = new ArrayList<>();
        List<FlowEvent> events = new CopyOnWriteArrayList<>();
        FlowRuntime rt = FlowRuntime.builder()
                .manualTime(timer)
                .executor(handedOff::add) // timer callbacks wait here until the test runs them
                .continuationQueue(1)
                .events(events::add)
                .build();
        Held a = new Held();
        Held b = new Held();
        Future<FlowResponse> f = rt.run(
                route(List.of(
                        effect("x", "", X, a).optional().timeout(Duration.ofSeconds(1)),
                        effect("y", "", Y, b).optional().timeout(Duration.ofSeconds(1)))),
                Map.of());
        timer.advance(Duration.ofSeconds(1)); // both timeouts fire: the first waits, the second is refused
        assertThat(handedOff).hasSize(2);
        assertThat(rt.queues().continuationsWaiting()).isEqualTo(1);
        assertThat(f.isDone()).isFalse();
        for (Runnable r : handedOff) {
            r.run();
        }
        FlowResponse r = now(f);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.bodyText()).contains("continuation queue full (1)").contains("\"key\":\"bp\"");
        assertThat(rt.queues().continuationsWaiting()).isZero();
        assertThat(rt.queues().effectsInFlight()).isZero();
        assertThat(b.last().isCancelled())
                .as("the failing request cancels what is still running")
                .isTrue();
        assertThat(events)
                .filteredOn(e -> e.type() == FlowEvent.Type.QUEUE_FULL)
                .extracting(FlowEvent::outcome)
                .containsExactly("continuation queue full (1)");
    }

    @Test
    void continuationWaitsAreTracedAndFeedTheShedder() {
        ManualTimer timer = new ManualTimer();
        List<Runnable> handedOff = new ArrayList<>();
        List<FlowEvent> events = new CopyOnWriteArrayList<>();
        FlowRuntime rt = FlowRuntime.builder()
                .manualTime(timer)
                .executor(handedOff::add)
                .shedAfter(Duration.ofMillis(100))
                .events(events::add)
                .build();
        Held a = new Held();
        Future<FlowResponse> f =
                rt.run(route(List.of(effect("x", "", X, a).optional().timeout(Duration.ofSeconds(1)))), Map.of());
        timer.advance(Duration.ofSeconds(1));
        timer.clock().advance(Duration.ofSeconds(3).toNanos()); // the callback waits 3 s in the executor
        handedOff.forEach(Runnable::run);
        assertThat(now(f).bodyText()).isEqualTo("x=- y=-");
        assertThat(events)
                .filteredOn(e -> e.type() == FlowEvent.Type.QUEUE_WAIT)
                .extracting(FlowEvent::outcome)
                .containsExactly("continuation " + Duration.ofSeconds(3).toNanos() + "ns");
        assertThat(rt.shedder().estimateNanos())
                .isEqualTo((long) (0.2 * Duration.ofSeconds(3).toNanos()));
        assertThat(rt.shedder().shouldShed()).isTrue();
    }
}
