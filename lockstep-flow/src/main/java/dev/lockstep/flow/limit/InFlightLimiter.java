package dev.lockstep.flow.limit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the effects in flight per target (a host, a table, a cache): {@link #tryAcquire} takes a
 * permit or refuses at once (the caller fails that effect with 429), {@link #release} gives it back.
 * Never blocks.
 *
 * <p>Invariant: a target's count is the number of successful acquires not yet released, and never
 * exceeds the cap; the increment is a CAS loop that checks the cap on the value it replaces
 * ({@link #tryAcquire}), so concurrent acquirers cannot overshoot it together
 * ({@code concurrentAcquirersNeverOvershootTheCap}). Releasing more than was acquired is a bug of
 * the caller and throws.
 */
public final class InFlightLimiter {
    private final int cap;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public InFlightLimiter(int capPerTarget) {
        if (capPerTarget < 1) {
            throw new IllegalArgumentException("in-flight cap per target must be at least 1, got " + capPerTarget);
        }
        this.cap = capPerTarget;
    }

    /** Takes a permit for {@code target}, or returns false when it already has {@code cap} in flight. */
    public boolean tryAcquire(String target) {
        AtomicInteger c = counts.computeIfAbsent(target, k -> new AtomicInteger());
        while (true) {
            int n = c.get();
            if (n >= cap) {
                return false;
            }
            if (c.compareAndSet(n, n + 1)) { // CAS on the value the cap was checked against
                return true;
            }
        }
    }

    public void release(String target) {
        AtomicInteger c = counts.get(target);
        if (c == null || c.getAndDecrement() <= 0) {
            if (c != null) {
                c.incrementAndGet();
            }
            throw new IllegalStateException("release of " + target + " without an acquire");
        }
    }

    /** Effects in flight for {@code target} now. */
    public int inFlight(String target) {
        AtomicInteger c = counts.get(target);
        return c == null ? 0 : c.get();
    }

    public int cap() {
        return cap;
    }
}
