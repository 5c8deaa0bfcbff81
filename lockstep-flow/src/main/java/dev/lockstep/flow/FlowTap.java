package dev.lockstep.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a pipeline so that every Need its steps (and their continuations) return has its
 * effects' and compensations' operations replaced by a {@link Source}, which learns where each one
 * sits: the request, the step that asked and the ordinal of the Need within the request. The
 * rewritten steps keep their names and declared slots, so the runtime, validation and traces see
 * the same route. Used by {@link FlowRecorder} (operations that record) and {@link FlowReplay}
 * (operations that answer from the log).
 *
 * <p>Needs of one request are returned by its steps one at a time (the runtime runs a request's
 * steps one at a time), so {@link Source#nextNeed} is called in the request's own order.
 */
final class FlowTap {
    private FlowTap() {}

    /** Where the rewritten operations come from. */
    interface Source {
        /** The ordinal (0-based) of the next Need of {@code request}. */
        int nextNeed(long request);

        /** The effect to run instead of {@code effect}, asked for by {@code step}'s Need {@code need}. */
        <T> Effect<T> effect(long request, String step, int need, Effect<T> effect);

        /** The compensation to run instead of {@code c}. */
        Compensation compensation(long request, String step, int need, Compensation c);
    }

    /** {@code pipeline} with every step's Needs rewritten through {@code source}. */
    static Pipeline wrap(Pipeline pipeline, Source source) {
        List<Step> steps = new ArrayList<>();
        for (Step s : pipeline.steps()) {
            steps.add(wrap(s, source));
        }
        return new Pipeline(pipeline.route(), pipeline.seeds(), steps);
    }

    private static Step wrap(Step step, Source source) {
        Step.Body body = step.body();
        return new Step(step.name(), step.reads(), step.writes(), view -> {
            Decision d = body.run(view);
            return d instanceof Need n ? rewrite(n, view.requestId(), step.name(), source) : d;
        });
    }

    private static Need rewrite(Need n, long request, String step, Source source) {
        int need = source.nextNeed(request);
        List<Effect<?>> effects = new ArrayList<>();
        for (Effect<?> e : n.effects()) {
            effects.add(source.effect(request, step, need, e));
        }
        List<Compensation> compensations = new ArrayList<>();
        for (Compensation c : n.compensations()) {
            compensations.add(source.compensation(request, step, need, c));
        }
        Step continuation = n.continuation() == null ? null : wrap(n.continuation(), source);
        return new Need(effects, n.mode(), n.join(), continuation, compensations);
    }

    /** {@code e} with another timeout and operation. */
    static <T> Effect<T> with(Effect<T> e, Duration timeout, Operation operation) {
        return new Effect<>(e.name(), e.kind(), e.target(), e.result(), e.required(), timeout, e.retry(), operation);
    }

    /** {@code c} with another operation. */
    static Compensation with(Compensation c, Operation operation) {
        return new Compensation(c.effect(), c.name(), c.retry(), operation);
    }
}
