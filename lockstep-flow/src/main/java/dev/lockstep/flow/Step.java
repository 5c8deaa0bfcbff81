package dev.lockstep.flow;

import java.util.List;

/**
 * A named unit of a route: it declares the slots it reads and writes (including the slots its
 * effects and continuations fill) and returns a {@link Decision}. Steps are values; build them with
 * {@link #named}.
 *
 * @param name unique within its route; errors and traces name it
 * @param reads slots it may read
 * @param writes slots it may write, or that the effects it asks for fill
 * @param body what it does
 */
public record Step(String name, List<Slot<?>> reads, List<Slot<?>> writes, Body body) {
    /** A step's code. May throw: the request then fails with a 500 naming the step. */
    @FunctionalInterface
    public interface Body {
        Decision run(StepView view) throws Exception;
    }

    public Step {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a step needs a name");
        }
        if (body == null) {
            throw new IllegalArgumentException("step '" + name + "' needs a body");
        }
        reads = reads == null ? List.of() : List.copyOf(reads);
        writes = writes == null ? List.of() : List.copyOf(writes);
    }

    /** Starts a step: {@code Step.named("load").reads(ID).writes(ORDER).run(v -> ...)}. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Whether the step may read {@code slot} (declared read or written). */
    public boolean canRead(Slot<?> slot) {
        return reads.contains(slot) || writes.contains(slot);
    }

    /** Whether the step may write {@code slot}. */
    public boolean canWrite(Slot<?> slot) {
        return writes.contains(slot);
    }

    /** Builds a {@link Step}. */
    public static final class Builder {
        private final String name;
        private List<Slot<?>> reads = List.of();
        private List<Slot<?>> writes = List.of();

        private Builder(String name) {
            this.name = name;
        }

        public Builder reads(Slot<?>... slots) {
            reads = List.of(slots);
            return this;
        }

        public Builder writes(Slot<?>... slots) {
            writes = List.of(slots);
            return this;
        }

        public Step run(Body body) {
            return new Step(name, reads, writes, body);
        }
    }
}
