package dev.lockstep.flow;

import java.time.Duration;

/**
 * One thing a {@link Need} asks the runtime to do: a plain value, inspectable in a test without
 * running anything. Built by the effect kinds ({@link Compute}, {@link KvCache}, {@link Db}, {@link
 * HttpCall}, {@link JsonFile}) or directly from an {@link Operation}.
 *
 * @param name unique within its Need; names the effect in traces, errors and scripted test results
 * @param kind what it does, for traces and tests ("compute", "db.put", "http.get", ...)
 * @param target what it touches (a table and key, a URL, a path), for traces and tests
 * @param result the slot its value lands in, or null when the value is dropped
 * @param required whether its failure can fail the join (see {@link Join})
 * @param timeout per-attempt limit after which the attempt is cancelled; null for none
 * @param retry how often it is tried
 * @param operation the work of one attempt
 * @param <T> the result slot's type
 */
public record Effect<T>(
        String name,
        String kind,
        String target,
        Slot<T> result,
        boolean required,
        Duration timeout,
        RetryPolicy retry,
        Operation operation) {
    public Effect {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an effect needs a name");
        }
        if (operation == null) {
            throw new IllegalArgumentException("effect '" + name + "' needs an operation");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("effect '" + name + "': timeout must be positive, got " + timeout);
        }
        kind = kind == null ? "custom" : kind;
        target = target == null ? "" : target;
        retry = retry == null ? RetryPolicy.NONE : retry;
    }

    /** A required effect with no timeout and no retry whose value lands in {@code result} (may be null). */
    public static <T> Effect<T> of(String name, Slot<T> result, Operation operation) {
        return new Effect<>(name, "custom", "", result, true, null, RetryPolicy.NONE, operation);
    }

    /** This effect, optional: its failure never fails a join by itself. */
    public Effect<T> optional() {
        return new Effect<>(name, kind, target, result, false, timeout, retry, operation);
    }

    /** This effect with {@code required} set. */
    public Effect<T> required(boolean required) {
        return new Effect<>(name, kind, target, result, required, timeout, retry, operation);
    }

    /** This effect with a per-attempt timeout. */
    public Effect<T> timeout(Duration timeout) {
        return new Effect<>(name, kind, target, result, required, timeout, retry, operation);
    }

    /** This effect with a retry policy. */
    public Effect<T> retry(RetryPolicy retry) {
        return new Effect<>(name, kind, target, result, required, timeout, retry, operation);
    }

    /** This effect under another name. */
    public Effect<T> named(String name) {
        return new Effect<>(name, kind, target, result, required, timeout, retry, operation);
    }
}
