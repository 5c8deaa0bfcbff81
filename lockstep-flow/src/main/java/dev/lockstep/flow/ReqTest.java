package dev.lockstep.flow;

import dev.lockstep.core.Future;
import dev.lockstep.flow.internal.Failures;
import dev.lockstep.flow.internal.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Unit tests of steps and routes without a server. {@link #step} runs one step against seeded
 * slots and hands back its decision (a throwing step becomes the {@code Fail} the runtime would
 * produce, with the throwable kept); {@link #route} runs a whole pipeline with scripted effect
 * results on a {@link ManualTimer}, so timeouts and backoffs fire deterministically and at once.
 *
 * <pre>{@code
 * Need need = ReqTest.step(loadOrder).seed(ORDER_ID, "o-7").run().assertNeed();
 * assertThat(need.join()).isEqualTo(Join.ALL);
 *
 * RouteResult r = ReqTest.route(pipeline).seed(ORDER_ID, "o-7")
 *         .script("db", Scripted.failure("busy"), Scripted.value("{\"id\":\"o-7\"}"))
 *         .run();
 * assertThat(r.response().status()).isEqualTo(200);
 * }</pre>
 */
public final class ReqTest {
    private ReqTest() {}

    /** A case running {@code step} alone. */
    public static StepCase step(Step step) {
        return new StepCase(step);
    }

    /** A case running {@code pipeline} (validated first) with scripted effects. */
    public static RouteCase route(Pipeline pipeline) {
        return new RouteCase(pipeline);
    }

    /** One step, seeded slots. */
    public static final class StepCase {
        private final Step step;
        private final Map<Slot<?>, Object> slots = new LinkedHashMap<>();

        private StepCase(Step step) {
            this.step = step;
        }

        public <T> StepCase seed(Slot<T> slot, T value) {
            slots.put(slot, slot.land(value));
            return this;
        }

        /** Runs the step once. */
        public StepResult run() {
            List<Runnable> exits = new ArrayList<>();
            View view = new View(slots, step, "ReqTest", 1, exits);
            Decision d;
            Throwable thrown = null;
            try {
                d = step.body().run(view);
                if (d == null) {
                    d = Decision.fail(500, "step returned no decision", step.name());
                }
            } catch (Throwable t) {
                thrown = t;
                d = new Decision.Fail(Failures.ofStep(step, t));
            } finally {
                view.close();
            }
            return new StepResult(step, d, thrown, new LinkedHashMap<>(slots), List.copyOf(exits));
        }
    }

    /**
     * What one step did.
     *
     * @param decision its decision (a throw is the Fail the runtime would produce)
     * @param thrown what it threw, or null
     * @param slots the slots after it ran
     * @param exits the onExit callbacks it registered, in registration order
     */
    public record StepResult(
            Step step, Decision decision, Throwable thrown, Map<Slot<?>, Object> slots, List<Runnable> exits) {
        /** The value of {@code slot} after the step. */
        public <T> Optional<T> slot(Slot<T> slot) {
            return Optional.ofNullable(slot.type().cast(slots.get(slot)));
        }

        public StepResult assertContinue() {
            expect(Decision.Continue.class);
            return this;
        }

        public Need assertNeed() {
            return expect(Need.class);
        }

        public FlowResponse assertDone() {
            return expect(Decision.Done.class).response();
        }

        public FlowError assertFail() {
            return expect(Decision.Fail.class).error();
        }

        private <D extends Decision> D expect(Class<D> type) {
            if (!type.isInstance(decision)) {
                AssertionError e = new AssertionError(
                        "step '" + step.name() + "' decided " + decision + ", expected " + type.getSimpleName());
                if (thrown != null) {
                    e.initCause(thrown);
                }
                throw e;
            }
            return type.cast(decision);
        }
    }

    /** A whole route with scripted effects. */
    public static final class RouteCase {
        private final Pipeline pipeline;
        private final Map<Slot<?>, Object> seeds = new LinkedHashMap<>();
        private final Map<String, List<Scripted>> scripts = new LinkedHashMap<>();
        private long seed;
        private boolean allowReal;
        private ErrorRenderer renderer = ErrorRenderer.JSON;

        private RouteCase(Pipeline pipeline) {
            this.pipeline = pipeline.validate();
        }

        public <T> RouteCase seed(Slot<T> slot, T value) {
            seeds.put(slot, slot.land(value));
            return this;
        }

        /** The results of effect {@code effect}'s attempts, in order; the last one repeats. */
        public RouteCase script(String effect, Scripted... attempts) {
            if (attempts.length == 0) {
                throw new IllegalArgumentException("script for effect '" + effect + "' needs at least one result");
            }
            scripts.put(effect, List.of(attempts));
            return this;
        }

        /** The runtime's root seed (retry jitter). */
        public RouteCase randomSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Effects without a script run their real operation (default: they fail, naming the effect). */
        public RouteCase allowRealEffects() {
            this.allowReal = true;
            return this;
        }

        public RouteCase errors(ErrorRenderer renderer) {
            this.renderer = renderer;
            return this;
        }

        /** Runs the request to its end, firing the manual timer as needed. */
        public RouteResult run() {
            ManualTimer timer = new ManualTimer();
            List<FlowEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            FlowRuntime rt = FlowRuntime.builder()
                    .manualTime(timer)
                    .seed(seed)
                    .events(events::add)
                    .errors(renderer)
                    .operations(this::operation)
                    .build();
            var run = rt.runWithSlots(pipeline, 1, seeds);
            Future<FlowResponse> f = run.response();
            int fired = 0;
            int idle = 0;
            while (!f.isDone()) {
                // real effects complete on other threads and may schedule timers meanwhile: wait in
                // short slices, firing whatever became due; give up after ~30 s without progress
                if (timer.fireNext()) {
                    idle = 0;
                    if (++fired > 100_000) {
                        throw new AssertionError("route '" + pipeline.route() + "' keeps scheduling timers: " + events);
                    }
                    continue;
                }
                try {
                    f.await(Duration.ofMillis(10));
                } catch (TimeoutException e) {
                    if (++idle > 3000) {
                        throw new AssertionError("route '" + pipeline.route() + "' did not finish: events " + events);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return new RouteResult(
                    f.resultNow(), List.copyOf(events), run.slots().get(), timer.delays());
        }

        private Operation operation(Effect<?> effect) {
            List<Scripted> s = scripts.get(effect.name());
            if (s == null) {
                if (allowReal) {
                    return effect.operation();
                }
                return attempt -> {
                    throw new FlowException("ReqTest: no scripted result for effect '" + effect.name() + "'");
                };
            }
            return attempt -> s.get(Math.min(attempt, s.size()) - 1).start();
        }
    }

    /**
     * How a route ended.
     *
     * @param response the response (rendered error included)
     * @param events every traced event, in order
     * @param slots the final slots
     * @param timerDelays every delay scheduled on the timer (timeouts and backoffs), in order
     */
    public record RouteResult(
            FlowResponse response, List<FlowEvent> events, Map<Slot<?>, Object> slots, List<Duration> timerDelays) {
        public <T> Optional<T> slot(Slot<T> slot) {
            return Optional.ofNullable(slot.type().cast(slots.get(slot)));
        }

        /** The events of {@code type}, in order. */
        public List<FlowEvent> events(FlowEvent.Type type) {
            return events.stream().filter(e -> e.type() == type).toList();
        }
    }
}
