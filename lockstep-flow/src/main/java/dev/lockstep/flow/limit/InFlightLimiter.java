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
 *
 * <p><b>Bounded memory.</b> Targets can be as fine as one key or one URL, so a target's counter
 * leaves the map when its last permit is released ({@code idleTargetsLeaveTheMap}): the releaser
 * that brings it to 0 marks it dead (CAS 0 to -1) and removes it. The race is safe because a dead
 * counter is never incremented again: an acquirer that finds one removes it itself and retries
 * with a fresh counter; a counter holding permits is never dead, so a release always finds the
 * live counter of its target (at most one live counter per target is in the map: a fresh one is
 * only inserted when none is). Fast path for a busy target: a map read and one CAS to acquire,
 * one decrement to release; an idle target pays an insertion and a removal.
 */
public final class InFlightLimiter {
    private static final int DEAD = -1;
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
        while (true) {
            AtomicInteger c = counts.get(target);
            if (c == null) {
                c = counts.putIfAbsent(target, new AtomicInteger(1));
                if (c == null) {
                    return true; // a fresh counter starts holding this permit (cap >= 1)
                }
            }
            int n = c.get();
            if (n == DEAD) {
                counts.remove(target, c); // help the releaser that killed it, then retry
                continue;
            }
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
        int n = c == null ? DEAD : c.get();
        if (n <= 0) {
            throw new IllegalStateException("release of " + target + " without an acquire");
        }
        if (c.decrementAndGet() == 0 && c.compareAndSet(0, DEAD)) { // idleTargetsLeaveTheMap
            counts.remove(target, c);
        }
    }

    /** Effects in flight for {@code target} now. */
    public int inFlight(String target) {
        AtomicInteger c = counts.get(target);
        return c == null ? 0 : Math.max(0, c.get());
    }

    /** Targets with a counter in the map (those with effects in flight, and at most a few dying). */
    public int targets() {
        return counts.size();
    }

    public int cap() {
        return cap;
    }
}
