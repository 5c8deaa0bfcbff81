package dev.lockstep.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Slot views, route validation, error rendering, throwing steps, onExit order and ReqTest itself. */
class StepsAndErrorsTest {
    static final Slot<String> ID = Slot.text("id");
    static final Slot<String> SECRET = Slot.text("secret");
    static final Slot<Order> ORDER = Slot.json("order", Order.class);

    record Order(String id, int qty) {}

    @Test
    void viewReadsOnlyDeclaredSlots() {
        Step nosy = Step.named("nosy").reads(ID).run(v -> {
            v.require(SECRET);
            return Decision.proceed();
        });
        var r = ReqTest.step(nosy).seed(ID, "7").seed(SECRET, "s").run();
        FlowError e = r.assertFail();
        assertThat(e).isEqualTo(new FlowError(500, "step failed", "nosy"));
        assertThat(r.thrown())
                .isInstanceOf(SlotAccessException.class)
                .hasMessageContaining("step 'nosy'")
                .hasMessageContaining("slot 'secret'")
                .hasMessageContaining("does not declare");
    }

    @Test
    void viewWritesOnlyDeclaredSlots() {
        Step sneaky = Step.named("sneaky").reads(ID).run(v -> {
            v.put(SECRET, "x");
            return Decision.proceed();
        });
        var r = ReqTest.step(sneaky).seed(ID, "7").run();
        r.assertFail();
        assertThat(r.thrown()).hasMessageContaining("step 'sneaky' writes slot 'secret'");
    }

    @Test
    void requireOfAnEmptySlotNamesIt() {
        Step s = Step.named("s").reads(ID).run(v -> Decision.done(FlowResponse.text(200, v.require(ID))));
        var r = ReqTest.step(s).run();
        assertThat(r.thrown()).hasMessageContaining("requires slot 'id', which holds nothing");
        assertThat(ReqTest.step(s).seed(ID, "7").run().assertDone().bodyText()).isEqualTo("7");
    }

    @Test
    void aViewIsDeadAfterItsStepReturned() {
        StepView[] leaked = new StepView[1];
        Step s = Step.named("leaky").reads(ID).run(v -> {
            leaked[0] = v;
            return Decision.proceed();
        });
        ReqTest.step(s).seed(ID, "7").run().assertContinue();
        assertThatThrownBy(() -> leaked[0].require(ID)).hasMessageContaining("after it returned");
    }

    @Test
    void needsAreValuesATestInspectsWithoutRunning() {
        Step load = Step.named("load")
                .reads(ID)
                .writes(ORDER)
                .run(v -> Need.of(Effect.of("db", ORDER, a -> {
                                    throw new AssertionError("never run by ReqTest.step");
                                })
                                .timeout(Duration.ofSeconds(1))
                                .retry(RetryPolicy.exponential(3, Duration.ofMillis(10), Duration.ofMillis(40))))
                        .join(Join.FIRST_SUCCESS)
                        .build());
        Need need = ReqTest.step(load).seed(ID, "7").run().assertNeed();
        assertThat(need.join()).isEqualTo(Join.FIRST_SUCCESS);
        assertThat(need.mode()).isEqualTo(Mode.PARALLEL);
        assertThat(need.effects()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("db");
            assertThat(e.result()).isEqualTo(ORDER);
            assertThat(e.required()).isTrue();
            assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(e.retry().attempts()).isEqualTo(3);
        });
    }

    @Test
    void needRejectsACompensationOfAnUnknownEffect() {
        assertThatThrownBy(() -> Need.of(Effect.of("a", null, x -> null))
                        .compensate(Compensation.of("b", x -> null))
                        .build())
                .hasMessageContaining("'b'");
    }

    @Test
    void routeValidationNamesRouteStepAndSlot() {
        Pipeline p = Pipeline.route("GET /orders/{id}")
                .seeds(ID)
                .step(Step.named("auth").reads(ID).run(v -> Decision.proceed()))
                .step(Step.named("render").reads(ORDER).run(v -> Decision.proceed()))
                .step(Step.named("load").reads(ID).writes(ORDER).run(v -> Decision.proceed()))
                .build();
        assertThatThrownBy(p::validate)
                .isInstanceOf(RouteValidationException.class)
                .hasMessage("route 'GET /orders/{id}': step 'render' reads slot 'order', which no earlier step writes");
    }

    @Test
    void routeValidationRejectsDuplicateStepsAndCodecClashes() {
        Step a = Step.named("a").writes(ID).run(v -> Decision.proceed());
        assertThatThrownBy(() -> Pipeline.route("r").step(a).step(a).build().validate())
                .hasMessageContaining("two steps named 'a'");
        Step b = Step.named("b").reads(Slot.number("id")).run(v -> Decision.proceed());
        assertThatThrownBy(() -> Pipeline.route("r").step(a).step(b).build().validate())
                .hasMessageContaining("slot 'id' with codec long");
        assertThatThrownBy(() -> Pipeline.route("empty").build().validate()).hasMessageContaining("no steps");
    }

    @Test
    void errorsRenderAsJsonByDefault() throws Exception {
        FlowResponse r = ErrorRenderer.JSON.render(new FlowError(404, "not found", "order-7"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers()).containsEntry("content-type", "application/json");
        assertThat(new ObjectMapper().readTree(r.body()).toString())
                .isEqualTo("{\"error\":{\"code\":404,\"what\":\"not found\",\"key\":\"order-7\"}}");
        assertThat(ErrorRenderer.JSON.render(FlowError.of(500, "boom")).bodyText())
                .contains("\"key\":null");
    }

    @Test
    void aCustomRendererRendersEveryError() {
        Pipeline p = Pipeline.route("r")
                .step(Step.named("no").run(v -> Decision.fail(403, "forbidden", "doc")))
                .build();
        var r = ReqTest.route(p)
                .errors(e -> FlowResponse.text(e.status(), e.what() + "/" + e.key()))
                .run();
        assertThat(r.response()).isEqualTo(FlowResponse.text(403, "forbidden/doc"));
    }

    @Test
    void aThrowingStepIsA500NamingIt() {
        Pipeline p = Pipeline.route("r")
                .step(Step.named("ok").run(v -> Decision.proceed()))
                .step(Step.named("boom").run(v -> {
                    throw new IllegalStateException("internal detail");
                }))
                .build();
        var r = ReqTest.route(p).run();
        assertThat(r.response().status()).isEqualTo(500);
        assertThat(r.response().bodyText())
                .contains("\"key\":\"boom\"")
                .contains("step failed")
                .doesNotContain("internal detail");
        assertThat(r.events(FlowEvent.Type.STEP_END))
                .extracting(FlowEvent::outcome)
                .containsExactly("Continue", "threw IllegalStateException: internal detail");
    }

    @Test
    void aFlowFailureChoosesTheError() {
        Pipeline p = Pipeline.route("r")
                .step(Step.named("s").run(v -> {
                    throw new FlowFailure(FlowError.of(429, "slow down", "client-1"));
                }))
                .build();
        assertThat(ReqTest.route(p).run().response().status()).isEqualTo(429);
    }

    @Test
    void exitCallbacksRunInReverseOrder() {
        List<String> log = new CopyOnWriteArrayList<>();
        Pipeline p = Pipeline.route("r")
                .step(Step.named("one").run(v -> {
                    v.onExit(() -> log.add("one-a"));
                    v.onExit(() -> log.add("one-b"));
                    return Decision.proceed();
                }))
                .step(Step.named("two").run(v -> {
                    v.onExit(() -> {
                        log.add("two");
                        throw new IllegalStateException("exit callbacks may throw");
                    });
                    return Decision.done(FlowResponse.text(200, "ok"));
                }))
                .build();
        var r = ReqTest.route(p).run();
        assertThat(r.response().status()).isEqualTo(200);
        assertThat(log).containsExactly("two", "one-b", "one-a");
        assertThat(r.events(FlowEvent.Type.EXIT_CALLBACK)).hasSize(1);
    }

    @Test
    void aRouteThatEndsWithoutDoneIsA500NamingTheRoute() {
        Pipeline p = Pipeline.route("GET /void")
                .step(Step.named("s").run(v -> Decision.proceed()))
                .build();
        assertThat(ReqTest.route(p).run().response().bodyText())
                .contains("route ended without a response")
                .contains("GET /void");
    }

    @Test
    void effectResultsLandThroughTheSlotCodecAndContinuationsRun() {
        byte[] json = "{\"id\":\"o-7\",\"qty\":3}".getBytes(StandardCharsets.UTF_8);
        Step show = Step.named("show")
                .reads(ORDER)
                .run(v -> Decision.done(
                        FlowResponse.text(200, "qty=" + v.require(ORDER).qty())));
        Pipeline p = Pipeline.route("GET /orders/{id}")
                .seeds(ID)
                .step(Step.named("load")
                        .reads(ID)
                        .writes(ORDER)
                        .run(v -> Need.of(Effect.of("db", ORDER, a -> Promise.completed(json)))
                                .then(show)
                                .build()))
                .build();
        var r = ReqTest.route(p).seed(ID, "o-7").allowRealEffects().run();
        assertThat(r.response().bodyText()).isEqualTo("qty=3");
        assertThat(r.slot(ORDER)).contains(new Order("o-7", 3));
    }

    @Test
    void effectsFillOnlyDeclaredSlots() {
        Pipeline p = Pipeline.route("r")
                .step(Step.named("greedy")
                        .run(v -> Need.of(Effect.of("db", ORDER, a -> Promise.completed(null)))
                                .build()))
                .build();
        var r = ReqTest.route(p).allowRealEffects().run();
        assertThat(r.response().status()).isEqualTo(500);
        assertThat(r.response().bodyText()).contains("\"key\":\"greedy\"");
        assertThat(r.events(FlowEvent.Type.NEED)).extracting(FlowEvent::outcome).anyMatch(o -> o.contains("'order'"));
    }

    @Test
    void anUnscriptedEffectFailsNamingIt() {
        var r = ReqTest.route(Routes.asking(e -> Need.of(e.get(0)).build())).run();
        assertThat(r.response().status()).isEqualTo(502);
        assertThat(r.events(FlowEvent.Type.EFFECT_END))
                .extracting(FlowEvent::outcome)
                .anyMatch(o -> o.contains("no scripted result for effect 'a'"));
    }

    @Test
    void flowRuntimeRunsARouteOnTheCallersThread() throws Exception {
        Pipeline p = Pipeline.route("r")
                .seeds(ID)
                .step(Step.named("echo").reads(ID).run(v -> Decision.done(FlowResponse.text(200, v.require(ID)))))
                .build()
                .validate();
        var f = FlowRuntime.builder().build().run(p, Map.of(ID, "hi"));
        assertThat(f.isDone()).isTrue();
        assertThat(f.await().bodyText()).isEqualTo("hi");
    }
}
