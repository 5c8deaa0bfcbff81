package dev.lockstep.flow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A decision that asks the runtime for effects: run {@code effects} in {@code mode}, decide by
 * {@code join}, then run {@code continuation} (a step, with its own declared slots) or, when it is
 * null, go on with the next step of the route. If the join fails, the request fails (see {@link
 * FlowRuntime} for the error) and compensations run.
 *
 * @param effects at least one, names unique
 * @param mode parallel or sequential start
 * @param join when the Need is decided
 * @param continuation the step to run once the join succeeded, or null
 * @param compensations undos of effects of this Need (each names one of them)
 */
public record Need(List<Effect<?>> effects, Mode mode, Join join, Step continuation, List<Compensation> compensations)
        implements Decision {
    public Need {
        if (effects == null || effects.isEmpty()) {
            throw new IllegalArgumentException("a Need asks for at least one effect");
        }
        effects = List.copyOf(effects);
        mode = mode == null ? Mode.PARALLEL : mode;
        join = join == null ? Join.ALL : join;
        compensations = compensations == null ? List.of() : List.copyOf(compensations);
        Set<String> names = new LinkedHashSet<>();
        for (Effect<?> e : effects) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("a Need names effect '" + e.name() + "' twice");
            }
        }
        for (Compensation c : compensations) {
            if (!names.contains(c.effect())) {
                throw new IllegalArgumentException("compensation '" + c.name() + "' undoes effect '" + c.effect()
                        + "', which this Need does not ask for");
            }
        }
    }

    /** A builder starting with {@code effects}, PARALLEL, ALL. */
    public static Builder of(Effect<?>... effects) {
        return new Builder(List.of(effects));
    }

    /** The effect named {@code name}, or null. */
    public Effect<?> effect(String name) {
        for (Effect<?> e : effects) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Builds a {@link Need}; {@link #build()} or use one of the finishing shortcuts. */
    public static final class Builder {
        private final List<Effect<?>> effects;
        private Mode mode = Mode.PARALLEL;
        private Join join = Join.ALL;
        private Step continuation;
        private final List<Compensation> compensations = new ArrayList<>();

        private Builder(List<Effect<?>> effects) {
            this.effects = new ArrayList<>(effects);
        }

        public Builder and(Effect<?> effect) {
            effects.add(effect);
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder sequential() {
            return mode(Mode.SEQUENTIAL);
        }

        public Builder join(Join join) {
            this.join = join;
            return this;
        }

        public Builder then(Step continuation) {
            this.continuation = continuation;
            return this;
        }

        public Builder compensate(Compensation compensation) {
            compensations.add(compensation);
            return this;
        }

        public Need build() {
            return new Need(effects, mode, join, continuation, compensations);
        }
    }
}
