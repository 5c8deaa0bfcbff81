package dev.lockstep.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route's steps, in order, and the slots the server seeds before the first one (the request,
 * path parameters, ...). {@link #validate()} is what the server calls at start.
 *
 * @param route the route's name (for example {@code "GET /orders/{id}"})
 * @param seeds slots filled before the first step
 * @param steps at least one, names unique
 */
public record Pipeline(String route, List<Slot<?>> seeds, List<Step> steps) {
    public Pipeline {
        if (route == null || route.isBlank()) {
            throw new IllegalArgumentException("a pipeline needs a route name");
        }
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** Starts a pipeline for {@code route}. */
    public static Builder route(String route) {
        return new Builder(route);
    }

    /**
     * Checks the route can run as declared: at least one step, step names unique, one codec per
     * slot name, and every slot a step reads is seeded or written by an earlier step (a step's own
     * writes do not count, except through its continuation, which the runtime checks as it runs).
     *
     * @return this pipeline
     * @throws RouteValidationException naming the route, the step and the slot
     */
    public Pipeline validate() {
        if (steps.isEmpty()) {
            throw new RouteValidationException("route '" + route + "' has no steps");
        }
        Map<String, Slot<?>> byName = new LinkedHashMap<>();
        Set<String> stepNames = new LinkedHashSet<>();
        Set<Slot<?>> written = new LinkedHashSet<>(seeds);
        for (Slot<?> s : seeds) {
            sameCodec(byName, s, "seed");
        }
        for (Step step : steps) {
            if (!stepNames.add(step.name())) {
                throw new RouteValidationException("route '" + route + "' has two steps named '" + step.name() + "'");
            }
            for (Slot<?> s : step.reads()) {
                sameCodec(byName, s, "step '" + step.name() + "'");
                if (!written.contains(s)) {
                    throw new RouteValidationException("route '" + route + "': step '" + step.name() + "' reads slot '"
                            + s.name() + "', which no earlier step writes");
                }
            }
            for (Slot<?> s : step.writes()) {
                sameCodec(byName, s, "step '" + step.name() + "'");
            }
            written.addAll(step.writes());
        }
        return this;
    }

    private void sameCodec(Map<String, Slot<?>> byName, Slot<?> s, String where) {
        Slot<?> seen = byName.putIfAbsent(s.name(), s);
        if (seen != null && seen.codec() != s.codec()) {
            throw new RouteValidationException("route '" + route + "': " + where + " declares slot '" + s.name()
                    + "' with codec " + s.codec().name() + ", but it was declared with codec "
                    + seen.codec().name());
        }
    }

    /** Builds a {@link Pipeline}. */
    public static final class Builder {
        private final String route;
        private final List<Slot<?>> seeds = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();

        private Builder(String route) {
            this.route = route;
        }

        public Builder seeds(Slot<?>... slots) {
            seeds.addAll(List.of(slots));
            return this;
        }

        public Builder step(Step step) {
            steps.add(step);
            return this;
        }

        public Pipeline build() {
            return new Pipeline(route, seeds, steps);
        }
    }
}
