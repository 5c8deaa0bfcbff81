package dev.lockstep.flow.limit;

import java.util.function.LongSupplier;

/**
 * Load shedding by queueing delay: work records how long it waited in a queue ({@link
 * #queued}); while the recent delay is above the threshold, {@link #shouldShed} tells the server
 * to refuse new requests with 503 and {@code Retry-After} ({@link #retryAfterSeconds}).
 *
 * <p>"Recent delay" is an exponentially weighted moving average with a time constant of one second
 * of the clock, so a single slow request does not trip it and recovery follows within a couple of
 * seconds of the queue draining; when no work has been queued for a second the estimate decays
 * towards 0 on the next read. The clock is injected (nanoseconds), which is how the tests drive
 * it; a {@code FlowRuntime} makes its shedder on its own clock and feeds it queueing delays only
 * (a request's wait from its bytes' arrival to its run, continuation waits), never response times.
 *
 * <p>Thread-safe: the estimate is updated under this object's lock (a few arithmetic operations).
 */
public final class LoadShedder {
    private static final double TAU_NANOS = 1e9;
    private final long thresholdNanos;
    private final LongSupplier clock;
    private double estimate;
    private long lastNanos;
    private long shed;

    public LoadShedder(java.time.Duration threshold, LongSupplier nanoClock) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the shedding threshold must be positive, got " + threshold);
        }
        this.thresholdNanos = threshold.toNanos();
        this.clock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
    }

    /** Records one item's queueing delay. */
    public synchronized void queued(long delayNanos) {
        decayTo(clock.getAsLong());
        double alpha = 0.2;
        estimate = estimate + alpha * (Math.max(0, delayNanos) - estimate);
    }

    /** Whether new work should be refused now (and counts it when so). */
    public synchronized boolean shouldShed() {
        decayTo(clock.getAsLong());
        if (estimate > thresholdNanos) {
            shed++;
            return true;
        }
        return false;
    }

    /** Seconds a refused client should wait: the estimated delay, rounded up, at least 1. */
    public synchronized int retryAfterSeconds() {
        return (int) Math.max(1, Math.ceil(estimate / 1e9));
    }

    /** The current estimate of the queueing delay, in nanoseconds. */
    public synchronized long estimateNanos() {
        decayTo(clock.getAsLong());
        return (long) estimate;
    }

    public synchronized long shedCount() {
        return shed;
    }

    private void decayTo(long now) {
        long dt = now - lastNanos;
        if (dt > 0) {
            estimate *= Math.exp(-dt / TAU_NANOS);
            lastNanos = now;
        }
    }
}
