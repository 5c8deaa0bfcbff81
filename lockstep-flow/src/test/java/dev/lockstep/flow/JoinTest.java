package dev.lockstep.flow;

import static dev.lockstep.flow.Routes.asking;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Engine;
import dev.lockstep.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The four joins' rules, and the cancellation of the effects that no longer matter. */
class JoinTest {
    private static Need need(List<Effect<String>> e, Join join, boolean aRequired, boolean bRequired) {
        return new Need(
                List.of(e.get(0).required(aRequired), e.get(1).required(bRequired)), Mode.PARALLEL, join, null, null);
    }

    @Test
    void allSucceedsWhenEveryEffectFinished() {
        var r = ReqTest.route(asking(e -> need(e, Join.ALL, true, true)))
                .script("a", Scripted.value("1"))
                .script("b", Scripted.value("2"))
                .run();
        assertThat(r.response().bodyText()).isEqualTo("a=1 b=2 c=-");
    }

    @Test
    void allFailsAtTheFirstRequiredFailureAndCancelsTheRest() {
        Scripted hang = Scripted.hang();
        var r = ReqTest.route(asking(e -> need(e, Join.ALL, true, true)))
                .script("a", Scripted.failure("down"))
                .script("b", hang)
                .run();
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(r.response().bodyText()).contains("\"key\":\"a\"");
        assertThat(hang.cancellations()).isEqualTo(1);
        assertThat(r.events(FlowEvent.Type.EFFECT_CANCELLED))
                .extracting(FlowEvent::effect)
                .containsExactly("b");
    }

    @Test
    void allWaitsForOptionalEffectsAndIgnoresTheirFailure() {
        var r = ReqTest.route(asking(e -> new Need(
                        List.of(e.get(0), e.get(1).optional().timeout(Duration.ofSeconds(3))),
                        Mode.PARALLEL,
                        Join.ALL,
                        null,
                        null)))
                .script("a", Scripted.value("1"))
                .script("b", Scripted.hang())
                .run();
        assertThat(r.response().bodyText()).isEqualTo("a=1 b=- c=-");
        // the optional effect was waited for until its timeout, not cancelled by the join
        assertThat(r.timerDelays()).containsExactly(Duration.ofSeconds(3));
        assertThat(r.events(FlowEvent.Type.EFFECT_END))
                .extracting(FlowEvent::outcome)
                .contains("timeout");
    }

    @Test
    void allRequiredSucceedsWhenTheRequiredFinishedAndCancelsOptionalOnes() {
        Scripted hang = Scripted.hang();
        var r = ReqTest.route(asking(e -> need(e, Join.ALL_REQUIRED, true, false)))
                .script("a", Scripted.value("1"))
                .script("b", hang)
                .run();
        assertThat(r.response().bodyText()).isEqualTo("a=1 b=- c=-");
        assertThat(hang.cancellations()).isEqualTo(1);
    }

    @Test
    void allRequiredFailsAtARequiredFailure() {
        var r = ReqTest.route(asking(e -> need(e, Join.ALL_REQUIRED, true, false)))
                .script("a", Scripted.failure("down"))
                .script("b", Scripted.hang())
                .run();
        assertThat(r.response().status()).isEqualTo(502);
    }

    @Test
    void anyResumesAtTheFirstCompletionAndCancelsTheOthers() {
        Scripted hang = Scripted.hang();
        var r = ReqTest.route(asking(e -> need(e, Join.ANY, true, true)))
                .script("a", hang)
                .script("b", Scripted.value("2"))
                .run();
        assertThat(r.response().bodyText()).isEqualTo("a=- b=2 c=-");
        assertThat(hang.cancellations()).isEqualTo(1);
    }

    @Test
    void anyResumesAtAnOptionalFailure() {
        var r = ReqTest.route(asking(e -> need(e, Join.ANY, true, false)))
                .script("a", Scripted.hang())
                .script("b", Scripted.failure("down"))
                .run();
        assertThat(r.response().bodyText()).isEqualTo("a=- b=- c=-");
    }

    @Test
    void anyFailsWhenTheFirstCompletionIsARequiredFailure() {
        var r = ReqTest.route(asking(e -> need(e, Join.ANY, true, true)))
                .script("a", Scripted.hang())
                .script("b", Scripted.failure("down"))
                .run();
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(r.response().bodyText()).contains("\"key\":\"b\"");
    }

    @Test
    void firstSuccessIsNeverFailedByAnOptionalFailure() {
        var r = ReqTest.route(asking(e -> need(e, Join.FIRST_SUCCESS, false, true)))
                .script("a", Scripted.failure("down"))
                .script("b", Scripted.value("2"))
                .run();
        assertThat(r.response().bodyText()).isEqualTo("a=- b=2 c=-");
    }

    @Test
    void firstSuccessSucceedsAtTheFirstSuccessAndCancelsTheOthers() {
        Scripted hang = Scripted.hang();
        var r = ReqTest.route(asking(e -> need(e, Join.FIRST_SUCCESS, true, true)))
                .script("a", hang)
                .script("b", Scripted.value("2"))
                .run();
        assertThat(r.response().status()).isEqualTo(200);
        assertThat(hang.cancellations()).isEqualTo(1);
    }

    @Test
    void firstSuccessFailsWhenEverythingFinishedWithoutASuccess() {
        var r = ReqTest.route(asking(e -> need(e, Join.FIRST_SUCCESS, false, false)))
                .script("a", Scripted.failure("down"))
                .script("b", Scripted.failure("down too"))
                .run();
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(r.response().bodyText()).contains("no effect succeeded").contains("\"key\":\"ask\"");
    }

    @Test
    void firstSuccessFailsAtARequiredFailure() {
        var r = ReqTest.route(asking(e -> need(e, Join.FIRST_SUCCESS, true, false)))
                .script("a", Scripted.failure("down"))
                .script("b", Scripted.hang())
                .run();
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(r.response().bodyText()).contains("\"key\":\"a\"");
    }

    @Test
    void sequentialStartsEachEffectAfterThePreviousFinished() {
        var r = ReqTest.route(asking(
                        e -> Need.of(e.get(0), e.get(1), e.get(2)).sequential().build()))
                .script("a", Scripted.value("1"))
                .script("b", Scripted.value("2"))
                .script("c", Scripted.value("3"))
                .run();
        assertThat(r.response().bodyText()).isEqualTo("a=1 b=2 c=3");
        assertThat(r.events().stream()
                        .filter(ev ->
                                ev.type() == FlowEvent.Type.EFFECT_START || ev.type() == FlowEvent.Type.EFFECT_END)
                        .map(ev -> ev.type().name().substring(7) + ":" + ev.effect()))
                .containsExactly("START:a", "END:a", "START:b", "END:b", "START:c", "END:c");
    }

    @Test
    void sequentialFirstSuccessIsAFallbackChainThatNeverStartsTheRest() {
        var r = ReqTest.route(asking(e -> Need.of(
                                e.get(0).optional(),
                                e.get(1).optional(),
                                e.get(2).optional())
                        .sequential()
                        .join(Join.FIRST_SUCCESS)
                        .build()))
                .script("a", Scripted.failure("down"))
                .script("b", Scripted.value("2"))
                .script("c", Scripted.value("3"))
                .run();
        assertThat(r.response().bodyText()).isEqualTo("a=- b=2 c=-");
        assertThat(r.events(FlowEvent.Type.EFFECT_START))
                .extracting(FlowEvent::effect)
                .containsExactly("a", "b");
        assertThat(r.events(FlowEvent.Type.EFFECT_CANCELLED))
                .extracting(FlowEvent::effect, FlowEvent::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", "never started"));
    }

    @Test
    void joinCancelsEffectsThatNoLongerMatterOnRealThreads() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Slot<String> slow = Slot.text("slow");
        Slot<Long> fast = Slot.number("fast");
        try (Engine engine = Engine.builder().workers(1).build()) {
            Step ask = Step.named("ask")
                    .writes(slow, fast)
                    .run(v -> Need.of(
                                    Compute.blocking("slow", slow, () -> {
                                        started.countDown();
                                        try {
                                            Thread.sleep(60_000);
                                            return "late";
                                        } catch (InterruptedException e) {
                                            interrupted.set(true);
                                            throw e;
                                        } finally {
                                            stopped.countDown();
                                        }
                                    }),
                                    Compute.task(engine, "fast", fast, () -> {
                                        started.await();
                                        return 42L;
                                    }))
                            .join(Join.ANY)
                            .build());
            Step answer = Step.named("answer")
                    .reads(fast)
                    .run(v -> Decision.done(FlowResponse.text(200, "fast=" + v.require(fast))));
            Pipeline p = Pipeline.route("race").step(ask).step(answer).build().validate();
            Future<FlowResponse> f = FlowRuntime.builder().build().run(p, java.util.Map.of());
            assertThat(f.await(Duration.ofSeconds(30)).bodyText()).isEqualTo("fast=42");
            assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(interrupted).isTrue();
        }
    }
}
