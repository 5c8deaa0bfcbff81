package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sagas: compensations of completed effects run in reverse order, with their own retries, traced. */
class CompensationTest {
    static final Slot<String> A = Slot.text("a");
    static final Slot<String> B = Slot.text("b");
    static final Slot<String> C = Slot.text("c");

    private static Operation record(List<String> log, String what) {
        return attempt -> {
            log.add(what);
            return Promise.completed(null);
        };
    }

    private static Pipeline sagaThenFail(List<String> log, Compensation undoB, Join join) {
        Step book = Step.named("book")
                .writes(A, B, C)
                .run(v -> Need.of(
                                Effect.of("a", A, x -> null),
                                Effect.of("b", B, x -> null),
                                Effect.of("c", C, x -> null))
                        .sequential()
                        .join(join)
                        .compensate(Compensation.of("a", record(log, "undo-a")))
                        .compensate(undoB)
                        .compensate(Compensation.of("c", record(log, "undo-c")))
                        .build());
        Step pay = Step.named("pay").reads(A).run(v -> {
            v.onExit(() -> log.add("exit"));
            return Decision.fail(409, "payment refused", "card");
        });
        return Pipeline.route("POST /trip").step(book).step(pay).build();
    }

    @Test
    void compensationsRunInReverseOrder() {
        List<String> log = new CopyOnWriteArrayList<>();
        var r = ReqTest.route(sagaThenFail(log, Compensation.of("b", record(log, "undo-b")), Join.ALL))
                .script("a", Scripted.value("1"))
                .script("b", Scripted.value("2"))
                .script("c", Scripted.value("3"))
                .run();
        assertThat(r.response().status()).isEqualTo(409);
        assertThat(r.response().bodyText()).contains("payment refused");
        assertThat(log).containsExactly("undo-c", "undo-b", "undo-a", "exit");
        assertThat(r.events(FlowEvent.Type.COMPENSATION_END))
                .extracting(FlowEvent::effect, FlowEvent::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("undo-c", "ok"),
                        org.assertj.core.groups.Tuple.tuple("undo-b", "ok"),
                        org.assertj.core.groups.Tuple.tuple("undo-a", "ok"));
    }

    @Test
    void onlyCompletedEffectsAreCompensated() {
        List<String> log = new CopyOnWriteArrayList<>();
        var r = ReqTest.route(sagaThenFail(log, Compensation.of("b", record(log, "undo-b")), Join.ALL))
                .script("a", Scripted.value("1"))
                .script("b", Scripted.failure("sold out"))
                .script("c", Scripted.value("3"))
                .run();
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(log).containsExactly("undo-a");
    }

    @Test
    void compensationsRetryWithTheirOwnPolicy() {
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        Compensation flaky = new Compensation(
                "b", "undo-b", RetryPolicy.exponential(3, Duration.ofMillis(10), Duration.ofMillis(10)), attempt -> {
                    tries.incrementAndGet();
                    if (attempt < 3) {
                        return Promise.failed(new IllegalStateException("locked"));
                    }
                    log.add("undo-b");
                    return Promise.completed(null);
                });
        var r = ReqTest.route(sagaThenFail(log, flaky, Join.ALL))
                .script("a", Scripted.value("1"))
                .script("b", Scripted.value("2"))
                .script("c", Scripted.value("3"))
                .run();
        assertThat(log).containsExactly("undo-c", "undo-b", "undo-a", "exit");
        assertThat(tries).hasValue(3);
        assertThat(r.timerDelays()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10));
        assertThat(r.events(FlowEvent.Type.COMPENSATION_END))
                .extracting(
                        e -> e.effect() + "#" + e.attempt() + " " + e.outcome().split(" ")[0])
                .containsExactly("undo-c#1 ok", "undo-b#1 failed", "undo-b#2 failed", "undo-b#3 ok", "undo-a#1 ok");
    }

    @Test
    void aCompensationThatGivesUpIsTracedAndTheOthersStillRun() {
        List<String> log = new CopyOnWriteArrayList<>();
        Compensation broken = Compensation.of("b", attempt -> Promise.failed(new IllegalStateException("gone")));
        var r = ReqTest.route(sagaThenFail(log, broken, Join.ALL))
                .script("a", Scripted.value("1"))
                .script("b", Scripted.value("2"))
                .script("c", Scripted.value("3"))
                .run();
        assertThat(r.response().status()).isEqualTo(409);
        assertThat(log).containsExactly("undo-c", "undo-a", "exit");
        assertThat(r.events(FlowEvent.Type.COMPENSATION_END))
                .extracting(FlowEvent::outcome)
                .anyMatch(o -> o.startsWith("gave up"));
    }

    @Test
    void aCancelledRequestCompensatesAndRunsExits() {
        List<String> log = new CopyOnWriteArrayList<>();
        Promise<Object> stuck = new Promise<>();
        Step first = Step.named("first").writes(A).run(v -> {
            v.onExit(() -> log.add("exit"));
            return Need.of(Effect.of("a", A, x -> Promise.completed("1")))
                    .compensate(Compensation.of("a", record(log, "undo-a")))
                    .build();
        });
        Step second = Step.named("second")
                .reads(A)
                .writes(B)
                .run(v -> Need.of(Effect.of("b", B, x -> stuck)).build());
        Pipeline p = Pipeline.route("cancel").step(first).step(second).build().validate();
        List<FlowEvent> events = new CopyOnWriteArrayList<>();
        Future<FlowResponse> f = FlowRuntime.builder()
                .manualTime(new ManualTimer())
                .events(events::add)
                .build()
                .run(p, Map.of());
        assertThat(f.isDone()).isFalse();
        f.cancel("client went away");
        assertThat(stuck.isCancelled()).isTrue();
        assertThat(log).containsExactly("undo-a", "exit");
        assertThat(events.getLast().type()).isEqualTo(FlowEvent.Type.REQUEST_END);
        assertThat(events.getLast().outcome()).isEqualTo("cancelled");
    }
}
