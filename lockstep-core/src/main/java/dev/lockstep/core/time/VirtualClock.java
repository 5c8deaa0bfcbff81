package dev.lockstep.core.time;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: {@link #advance(long)} and {@link #advanceTo(long)}.
 * Both readings move together (the wall reading is the start millis plus the nanos advanced,
 * truncated to millis). Safe to read from any thread; advancing is a CAS loop so concurrent
 * advances add up and never move the clock back ({@code virtualClockNeverGoesBack}).
 */
public final class VirtualClock implements Clock {
    private final long startNanos;
    private final long startMillis;
    private final AtomicLong elapsed = new AtomicLong();

    /** A virtual clock at nanos 0 and wall time 0 (the epoch). */
    public VirtualClock() {
        this(0L, 0L);
    }

    /**
     * @param startNanos the first {@link #nanoTime()} reading
     * @param startMillis the first {@link #currentTimeMillis()} reading
     */
    public VirtualClock(long startNanos, long startMillis) {
        this.startNanos = startNanos;
        this.startMillis = startMillis;
    }

    @Override
    public long nanoTime() {
        return startNanos + elapsed.get();
    }

    @Override
    public long currentTimeMillis() {
        return startMillis + elapsed.get() / 1_000_000L;
    }

    /** Nanoseconds advanced since construction. */
    public long elapsedNanos() {
        return elapsed.get();
    }

    /**
     * Moves the clock forward.
     *
     * @param nanos how far, at least 0
     * @return the new {@link #nanoTime()}
     * @throws IllegalArgumentException if {@code nanos} is negative
     */
    public long advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a virtual clock cannot go back: advance(" + nanos + ")");
        }
        return startNanos + elapsed.addAndGet(nanos);
    }

    /**
     * Moves the clock to {@code nanoTime}; a target in the past leaves it where it is.
     *
     * @return the new {@link #nanoTime()}, which is at least {@code nanoTime}
     */
    public long advanceTo(long nanoTime) {
        long target = nanoTime - startNanos;
        long cur;
        while ((cur = elapsed.get()) < target) {
            if (elapsed.compareAndSet(cur, target)) { // virtualClockNeverGoesBack: only forward
                return nanoTime;
            }
        }
        return startNanos + cur;
    }

    @Override
    public String toString() {
        return "VirtualClock[nanoTime=" + nanoTime() + "]";
    }
}
