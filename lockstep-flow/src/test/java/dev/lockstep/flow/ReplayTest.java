package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Engine;
import dev.lockstep.core.Promise;
import dev.lockstep.core.replay.ReplayLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replay: requests recorded with real operations (engine tasks, virtual threads, a cache, a JSON
 * file) replay offline from the log file to the identical response, without calling any of them.
 */
class ReplayTest {
    static final Slot<String> ORDER = Slot.text("order");
    static final Slot<Long> QTY = Slot.number("qty");
    static final Slot<Long> PRICE = Slot.number("price");
    static final Slot<Long> STOCK = Slot.number("stock");
    static final Slot<String> REVIEWS = Slot.text("reviews");
    static final Slot<String> ADS = Slot.text("ads");
    static final Slot<Long> TOTAL = Slot.number("total");
    static final Slot<Total> RECEIPT = Slot.json("receipt", Total.class);

    record Total(String order, long total) {}

    @TempDir
    Path dir;

    final Engine engine = Engine.builder().workers(2).build();
    final KvCache cache = KvCache.create("holds", 100);
    /** Calls of every real operation, by effect name. */
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        engine.close();
    }

    private Operation counted(String name, Operation op) {
        return attempt -> {
            calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            return op.start(attempt);
        };
    }

    private int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private static <T> Effect<T> withOp(Effect<T> e, Operation op) {
        return new Effect<>(e.name(), e.kind(), e.target(), e.result(), e.required(), e.timeout(), e.retry(), op);
    }

    /**
     * load: PARALLEL ALL of price (fails its first attempt, retried), stock (an engine task),
     * reviews (optional, fails), ads (optional, times out) and hold (a cache set, compensated by a
     * delete); check: SEQUENTIAL of total (a virtual-thread computation) then receipt (a JSON
     * file write then read); answer: 409 when the quantity exceeds the stock (the hold is
     * compensated), else 200 with the receipt.
     */
    Pipeline shop(String stockEffect) {
        Path receipt = dir.resolve("receipt.json");
        Step load = Step.named("load")
                .reads(ORDER)
                .writes(PRICE, STOCK, REVIEWS, ADS)
                .run(v -> {
                    String order = v.require(ORDER);
                    Effect<Long> price = Effect.of(
                                    "price",
                                    PRICE,
                                    counted(
                                            "price",
                                            attempt -> attempt == 1
                                                    ? Blocking.start("price", () -> {
                                                        throw new IllegalStateException("price service busy");
                                                    })
                                                    : Blocking.start("price", () -> "1250".getBytes())))
                            .retry(RetryPolicy.exponential(3, Duration.ofMillis(2), Duration.ofMillis(10))
                                    .withJitter(0.5));
                    Effect<Long> stock = withOp(
                            Compute.task(engine, stockEffect, STOCK, () -> 3L),
                            counted("stock", attempt -> engine.submit(() -> 3L)));
                    Effect<String> reviews = Effect.of(
                                    "reviews",
                                    REVIEWS,
                                    counted("reviews", attempt -> Promise.failed(new IllegalStateException("down"))))
                            .optional();
                    Effect<String> ads = Effect.of("ads", ADS, counted("ads", attempt -> new Promise<>()))
                            .optional()
                            .timeout(Duration.ofMillis(20));
                    Effect<Void> hold = cache.set("hold", "hold/" + order, QTY, 1L, Duration.ofMinutes(1));
                    hold = withOp(hold, counted("hold", hold.operation()));
                    Effect<Void> release = cache.delete("release", "hold/" + order);
                    return Need.of(price, stock, reviews, ads, hold)
                            .compensate(Compensation.of("hold", counted("release", release.operation())))
                            .build();
                });
        Step check = Step.named("check")
                .reads(ORDER, QTY, PRICE)
                .writes(TOTAL, RECEIPT)
                .run(v -> {
                    long total = v.require(PRICE) * v.require(QTY);
                    Effect<Long> sum = withOp(
                            Compute.blocking("total", TOTAL, () -> total),
                            counted("total", attempt -> Blocking.start("total", () -> total)));
                    Effect<Void> write = JsonFile.write("write", receipt, RECEIPT, new Total(v.require(ORDER), total));
                    Effect<Total> read = JsonFile.read("read", receipt, RECEIPT);
                    return Need.of(
                                    sum,
                                    withOp(write, counted("write", write.operation())),
                                    withOp(read, counted("read", read.operation())))
                            .sequential()
                            .build();
                });
        Step answer = Step.named("answer")
                .reads(ORDER, QTY, STOCK, RECEIPT, REVIEWS, ADS)
                .run(v -> v.require(QTY) > v.require(STOCK)
                        ? Decision.fail(409, "out of stock", v.require(ORDER))
                        : Decision.done(FlowResponse.json(
                                200,
                                "{\"total\":" + v.require(RECEIPT).total() + ",\"reviews\":"
                                        + v.optional(REVIEWS).isPresent() + ",\"ads\":"
                                        + v.optional(ADS).isPresent() + "}")));
        return Pipeline.route("POST /orders/:id/buy")
                .seeds(ORDER, QTY)
                .step(load)
                .step(check)
                .step(answer)
                .build()
                .validate();
    }

    private List<FlowResponse> record(Path log, Pipeline p, List<FlowEvent> events, List<Map<Slot<?>, ?>> seeds) {
        List<FlowResponse> out = new ArrayList<>();
        try (FlowRecorder recorder = FlowRecorder.open(log)) {
            FlowRuntime runtime = FlowRuntime.builder()
                    .seed(42)
                    .events(events::add)
                    .record(recorder)
                    .build();
            for (var s : seeds) {
                out.add(runtime.run(p, s).join());
            }
            assertThat(recorder.recordedRequests()).isEqualTo(seeds.size());
        }
        return out;
    }

    @ParameterizedTest(name = "qty {0}")
    @ValueSource(longs = {2, 5})
    void aRecordedRequestReplaysToTheIdenticalResponseWithoutRealEffects(long qty) {
        Path log = dir.resolve("flow.replay");
        List<FlowEvent> recordedEvents = new CopyOnWriteArrayList<>();
        FlowResponse recorded = record(log, shop("stock"), recordedEvents, List.of(Map.of(ORDER, "o-7", QTY, qty)))
                .get(0);
        if (qty == 2) {
            assertThat(recorded.status()).isEqualTo(200);
            assertThat(recorded.bodyText()).isEqualTo("{\"total\":2500,\"reviews\":false,\"ads\":false}");
            assertThat(calls.get("release")).isNull();
        } else {
            assertThat(recorded.status()).isEqualTo(409);
            assertThat(calls.get("release").get()).isEqualTo(1);
        }
        assertThat(calls.get("price").get()).isEqualTo(2);
        assertThat(recordedEvents)
                .filteredOn(
                        e -> e.type() == FlowEvent.Type.EFFECT_END && e.effect().equals("ads"))
                .extracting(FlowEvent::outcome)
                .containsExactly("timeout");
        int realCalls = totalCalls();
        assertThat(Files.exists(log)).isTrue();

        FlowReplay replay = FlowReplay.open(log);
        assertThat(replay.requests()).containsExactly(1L);
        assertThat(replay.recordedResponse(1)).isEqualTo(recorded);
        List<FlowEvent> replayed = new ArrayList<>();
        FlowResponse again = replay.events(replayed::add).replay(shop("stock"), 1);

        assertThat(again).isEqualTo(recorded);
        assertThat(again.body()).isEqualTo(recorded.body());
        assertThat(totalCalls()).as("real operations called during replay").isEqualTo(realCalls);
        assertThat(ends(replayed)).isEqualTo(ends(recordedEvents));
        assertThat(compensations(replayed)).isEqualTo(compensations(recordedEvents));
        assertThat(backoffs(replayed))
                .as("same seed, same jitter")
                .isEqualTo(backoffs(recordedEvents))
                .hasSize(1);
    }

    private static List<String> backoffs(List<FlowEvent> events) {
        return events.stream()
                .filter(e -> e.type() == FlowEvent.Type.EFFECT_BACKOFF)
                .map(e -> e.effect() + "#" + e.attempt() + " " + e.outcome())
                .toList();
    }

    private static List<String> ends(List<FlowEvent> events) {
        return events.stream()
                .filter(e -> e.type() == FlowEvent.Type.EFFECT_END)
                .map(e -> e.step() + "/" + e.effect() + "#" + e.attempt() + " " + e.outcome())
                .sorted() // parallel effects end in any order in the recording; the replay follows it
                .toList();
    }

    private static List<String> compensations(List<FlowEvent> events) {
        return events.stream()
                .filter(e -> e.type() == FlowEvent.Type.COMPENSATION_END)
                .map(e -> e.effect() + "#" + e.attempt() + " " + e.outcome())
                .toList();
    }

    @Test
    void manyRequestsShareOneLog() {
        Path log = dir.resolve("many.replay");
        var responses = record(
                log,
                shop("stock"),
                new CopyOnWriteArrayList<>(),
                List.of(Map.of(ORDER, "o-1", QTY, 1L), Map.of(ORDER, "o-2", QTY, 9L), Map.of(ORDER, "o-3", QTY, 3L)));
        int realCalls = totalCalls();
        FlowReplay replay = FlowReplay.open(log);
        assertThat(replay.requests()).containsExactly(1L, 2L, 3L);
        assertThat(ReplayLog.verify(log, FlowReplay.codecs()).records()).isGreaterThan(3);
        for (long id = 1; id <= 3; id++) {
            assertThat(replay.replay(shop("stock"), id)).isEqualTo(responses.get((int) id - 1));
        }
        assertThat(totalCalls()).isEqualTo(realCalls);
    }

    @Test
    void aChangedPipelineDivergesNamingTheStepAndEffect() {
        Path log = dir.resolve("flow.replay");
        record(log, shop("stock"), new CopyOnWriteArrayList<>(), List.of(Map.of(ORDER, "o-7", QTY, 2L)));
        int realCalls = totalCalls();
        assertThatThrownBy(() -> FlowReplay.open(log).replay(shop("inventory"), 1))
                .isInstanceOfSatisfying(FlowReplayDivergenceException.class, e -> {
                    assertThat(e.requestId()).isEqualTo(1);
                    assertThat(e.step()).isEqualTo("load");
                    assertThat(e.effect()).isEqualTo("inventory");
                })
                .hasMessageContaining("request 1")
                .hasMessageContaining("step 'load'")
                .hasMessageContaining("effect 'inventory'");
        assertThat(totalCalls()).isEqualTo(realCalls);
    }

    @Test
    void aChangedResponseDivergesNamingTheDifference() {
        Path log = dir.resolve("flow.replay");
        record(log, shop("stock"), new CopyOnWriteArrayList<>(), List.of(Map.of(ORDER, "o-7", QTY, 5L)));
        assertThatThrownBy(() -> FlowReplay.open(log)
                        .errors(error -> FlowResponse.text(error.status(), error.what()))
                        .replay(shop("stock"), 1))
                .isInstanceOf(FlowReplayDivergenceException.class)
                .hasMessageContaining("request 1")
                .hasMessageContaining("replayed to another response");
    }

    @Test
    void aRouteThatSkipsARecordedEffectDiverges() {
        Path log = dir.resolve("flow.replay");
        Pipeline two = parallel(Join.ALL, "a", "b");
        record(log, two, new CopyOnWriteArrayList<>(), List.of(Map.of()));
        assertThatThrownBy(() -> FlowReplay.open(log).replay(parallel(Join.ALL, "a"), 1))
                .isInstanceOfSatisfying(
                        FlowReplayDivergenceException.class,
                        e -> assertThat(e.effect()).isEqualTo("b"))
                // a and b end on virtual threads in either order: recorded b first, the replay waits
                // for b, which it never started; recorded a first, the request ends and b's outcome
                // is left over, never asked for. Both name b.
                .hasMessageMatching("(?s).*(never asked for|never started it).*");
    }

    private Pipeline parallel(Join join, String... names) {
        Slot<String> out = Slot.text("out");
        Step s = Step.named("fan").writes(out).run(v -> {
            List<Effect<?>> effects = new ArrayList<>();
            for (String n : names) {
                effects.add(Effect.of(n, null, counted(n, attempt -> Blocking.start(n, () -> n))));
            }
            return new Need(effects, Mode.PARALLEL, join, null, List.of());
        });
        Step done = Step.named("done").run(v -> Decision.done(FlowResponse.text(200, "ok")));
        return Pipeline.route("GET /fan").step(s).step(done).build();
    }

    /**
     * b completes before a (a completes only once the runtime processed b's end), and the request
     * then fails: compensations run last completed first (undo-a, then undo-b). The replay
     * delivers the outcomes in the recorded order, not the Need's list order, so it compensates in
     * the same order.
     */
    @Test
    void parallelOutcomesReplayInTheRecordedOrder() {
        Path log = dir.resolve("order.replay");
        Promise<Object> aDone = new Promise<>();
        Step s = Step.named("fan")
                .run(v -> Need.of(
                                Effect.of("a", null, counted("a", attempt -> aDone)),
                                Effect.of("b", null, counted("b", attempt -> Blocking.start("b", () -> "b"))))
                        .compensate(Compensation.of("a", counted("undo-a", attempt -> Promise.completed(null))))
                        .compensate(Compensation.of("b", counted("undo-b", attempt -> Promise.completed(null))))
                        .build());
        Step fail = Step.named("fail").run(v -> Decision.fail(500, "nope", "x"));
        Pipeline p = Pipeline.route("GET /order").step(s).step(fail).build();
        List<FlowEvent> events = new CopyOnWriteArrayList<>();
        try (FlowRecorder recorder = FlowRecorder.open(log)) {
            FlowRuntime runtime = FlowRuntime.builder()
                    .record(recorder)
                    .events(e -> {
                        events.add(e);
                        if (e.type() == FlowEvent.Type.EFFECT_END && e.effect().equals("b")) {
                            aDone.complete("a");
                        }
                    })
                    .build();
            assertThat(runtime.run(p, Map.of()).join().status()).isEqualTo(500);
        }
        assertThat(compensations(events)).containsExactly("undo-a#1 ok", "undo-b#1 ok");
        List<FlowEvent> replayed = new ArrayList<>();
        FlowReplay.open(log).events(replayed::add).replay(p, 1);
        assertThat(compensations(replayed)).containsExactly("undo-a#1 ok", "undo-b#1 ok");
        assertThat(replayed)
                .filteredOn(e -> e.type() == FlowEvent.Type.EFFECT_END)
                .extracting(FlowEvent::effect)
                .containsExactly("b", "a");
    }
}
