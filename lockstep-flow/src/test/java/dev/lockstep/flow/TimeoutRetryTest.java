package dev.lockstep.flow;

import static dev.lockstep.flow.Routes.asking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.random.RandomStreams;
import dev.lockstep.core.random.SplitRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Enforced timeouts (the operation is cancelled) and retries with backoff and seeded jitter. */
class TimeoutRetryTest {
    private static final RetryPolicy FOUR = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);

    @Test
    void aTimeoutCancelsTheOperationAndFailsWith504() {
        Scripted hang = Scripted.hang();
        var r = ReqTest.route(asking(
                        e -> Need.of(e.get(0).timeout(Duration.ofSeconds(2))).build()))
                .script("a", hang)
                .run();
        assertThat(r.response().status()).isEqualTo(504);
        assertThat(r.response().bodyText()).contains("effect timed out").contains("\"key\":\"a\"");
        assertThat(hang.cancellations()).isEqualTo(1);
        assertThat(r.timerDelays()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aTimedOutAttemptIsRetried() {
        Scripted hang = Scripted.hang();
        var r = ReqTest.route(asking(e -> Need.of(e.get(0)
                                .timeout(Duration.ofSeconds(2))
                                .retry(RetryPolicy.exponential(2, Duration.ofMillis(50), Duration.ofMillis(50))))
                        .build()))
                .script("a", hang, Scripted.value("ok"))
                .run();
        assertThat(r.response().bodyText()).startsWith("a=ok");
        assertThat(hang.cancellations()).isEqualTo(1);
        // timeout of attempt 1, backoff; attempt 2 completed at once, so no timer was needed for it
        assertThat(r.timerDelays()).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(50));
    }

    @Test
    void staleAttemptsAreIgnored() {
        // the cancellation of timed-out attempt 1 reaches the runtime after it scheduled the retry:
        // it must count neither as a second failure nor as a result
        var r = ReqTest.route(asking(e -> Need.of(e.get(0)
                                .timeout(Duration.ofSeconds(1))
                                .retry(RetryPolicy.exponential(3, Duration.ofMillis(10), Duration.ofMillis(10))))
                        .build()))
                .script("a", Scripted.hang(), Scripted.value("ok"))
                .run();
        assertThat(r.events(FlowEvent.Type.EFFECT_END))
                .extracting(ev -> ev.attempt() + " " + ev.outcome())
                .containsExactly("1 timeout", "2 ok");
        assertThat(r.events(FlowEvent.Type.EFFECT_BACKOFF)).hasSize(1);
    }

    @Test
    void timeoutInterruptsARealBlockingOperation() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Slot<String> s = Slot.text("s");
        Step ask = Step.named("ask")
                .writes(s)
                .run(v -> Need.of(Compute.blocking("sleepy", s, () -> {
                                    try {
                                        Thread.sleep(60_000);
                                        return "late";
                                    } catch (InterruptedException e) {
                                        interrupted.set(true);
                                        throw e;
                                    } finally {
                                        stopped.countDown();
                                    }
                                })
                                .timeout(Duration.ofMillis(20)))
                        .build());
        var p = Pipeline.route("sleepy").step(ask).build().validate();
        FlowResponse resp =
                FlowRuntime.builder().build().run(p, java.util.Map.of()).await(Duration.ofSeconds(30));
        assertThat(resp.status()).isEqualTo(504);
        assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isTrue();
    }

    @Test
    void retriesBackOffExponentiallyUpToTheMaximum() {
        var r = ReqTest.route(asking(e -> Need.of(e.get(0)
                                .retry(new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300), 2.0, 0.0)))
                        .build()))
                .script("a", Scripted.failure("1"), Scripted.failure("2"), Scripted.failure("3"), Scripted.value("ok"))
                .run();
        assertThat(r.response().bodyText()).startsWith("a=ok");
        assertThat(r.timerDelays())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(r.events(FlowEvent.Type.EFFECT_START))
                .extracting(FlowEvent::attempt)
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void retriesStopAfterTheLastAttempt() {
        var r = ReqTest.route(asking(e -> Need.of(e.get(0).retry(FOUR)).build()))
                .script("a", Scripted.failure("always"))
                .run();
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(r.events(FlowEvent.Type.EFFECT_START)).hasSize(4);
    }

    private static List<Duration> jittered(long seed) {
        return ReqTest.route(asking(
                        e -> Need.of(e.get(0).retry(FOUR.withJitter(0.5))).build()))
                .randomSeed(seed)
                .script("a", Scripted.failure("1"), Scripted.failure("2"), Scripted.failure("3"), Scripted.value("ok"))
                .run()
                .timerDelays();
    }

    @Test
    void jitterIsAFunctionOfTheSeed() {
        List<Duration> first = jittered(7);
        assertThat(jittered(7)).isEqualTo(first);
        assertThat(jittered(8)).isNotEqualTo(first);
        // the schedule is the policy's, drawn from the stream of request 1, step "ask", effect "a"
        SplitRandom rnd = new RandomStreams(7).stream("flow/1/ask/a");
        List<Duration> expected = new ArrayList<>();
        for (int attempt = 2; attempt <= 4; attempt++) {
            expected.add(FOUR.withJitter(0.5).backoffBefore(attempt, rnd));
        }
        assertThat(first).isEqualTo(expected);
        long[] base = {100, 200, 400};
        for (int i = 0; i < 3; i++) {
            assertThat(first.get(i).toNanos())
                    .isBetween(
                            Duration.ofMillis(base[i]).toNanos() / 2,
                            Duration.ofMillis(base[i]).toNanos() * 3 / 2);
        }
    }

    @Test
    void flowFailureIsNeverRetried() {
        var r = ReqTest.route(asking(e -> Need.of(e.get(0).retry(FOUR)).build()))
                .script("a", Scripted.failure(new FlowFailure(FlowError.of(404, "no such order", "o-9"))))
                .run();
        assertThat(r.response().status()).isEqualTo(404);
        assertThat(r.events(FlowEvent.Type.EFFECT_START)).hasSize(1);
    }

    @Test
    void aRouteOnAManualTimerIsReproducible() {
        java.util.function.Supplier<List<FlowEvent>> run = () -> ReqTest.route(asking(e -> Need.of(
                                e.get(0).retry(FOUR.withJitter(0.3)), e.get(1).timeout(Duration.ofSeconds(1)))
                        .build()))
                .randomSeed(99)
                .script("a", Scripted.failure("1"), Scripted.failure("2"), Scripted.value("ok"))
                .script("b", Scripted.hang(), Scripted.value("late"))
                .run()
                .events();
        List<FlowEvent> first = run.get();
        assertThat(first).hasSizeGreaterThan(10);
        assertThat(run.get()).isEqualTo(first); // virtual time: even the nanos are equal
    }

    @Test
    void retryPolicyRejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, 0))
                .hasMessageContaining("attempts");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 0))
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0.5, 0))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 1, 1.5))
                .hasMessageContaining("jitter");
    }
}
