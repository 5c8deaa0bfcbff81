package dev.lockstep.cli.app;

import dev.lockstep.core.Promise;
import dev.lockstep.flow.Effect;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault hook for tests: the first N attempts of a named effect fail with an SQLException (as a
 * locked database would) without touching the database; every attempt of every effect is counted.
 */
final class InjectedFaults implements Faults {
    private final Map<String, Integer> failFirst = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /** The first {@code n} attempts of each later effect named {@code effect} fail. */
    void failFirstAttempts(String effect, int n) {
        failFirst.put(effect, n);
    }

    /** How many attempts of effects named {@code effect} were started. */
    int attempts(String effect) {
        AtomicInteger n = attempts.get(effect);
        return n == null ? 0 : n.get();
    }

    @Override
    public <T> Effect<T> wrap(Effect<T> e) {
        var op = e.operation();
        return new Effect<>(e.name(), e.kind(), e.target(), e.result(), e.required(), e.timeout(), e.retry(), a -> {
            attempts.computeIfAbsent(e.name(), k -> new AtomicInteger()).incrementAndGet();
            if (a <= failFirst.getOrDefault(e.name(), 0)) {
                return Promise.failed(
                        new SQLException("[SQLITE_BUSY] database is locked (injected, attempt " + a + ")"));
            }
            return op.start(a);
        });
    }
}
