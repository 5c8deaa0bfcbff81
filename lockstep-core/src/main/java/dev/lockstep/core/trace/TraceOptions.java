package dev.lockstep.core.trace;

import dev.lockstep.core.time.Clock;
import java.util.Objects;

/**
 * How a trace session records. Immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods.
 *
 * @param capacityPerThread events each thread's ring holds before the oldest are overwritten;
 *     rounded up to a power of two, at least 16, at most 2^24. A ring starts at 256 slots and
 *     doubles as it fills, up to this capacity (default 16384: at most 896 KiB per thread)
 * @param maxFinishedThreads rings of finished threads kept for export; beyond that the oldest
 *     are released and their events counted in {@link
 *     TraceSnapshot#droppedFromFinishedThreads()} (default 1024)
 * @param jfr also commit every recorded event as a {@code dev.lockstep.Trace} JFR event (live
 *     mode: visible in a JFR recording running at the time; default off)
 * @param clock where event timestamps come from (default {@link Clock#system()}; a {@code
 *     VirtualClock} gives a reproducible trace)
 */
public record TraceOptions(int capacityPerThread, int maxFinishedThreads, boolean jfr, Clock clock) {
    /** Smallest ring capacity. */
    public static final int MIN_CAPACITY = 16;

    /** Largest ring capacity (2^24 events, 896 MiB per thread). */
    public static final int MAX_CAPACITY = 1 << 24;

    /** Default ring capacity. */
    public static final int DEFAULT_CAPACITY = 1 << 14;

    public TraceOptions {
        if (capacityPerThread < 1 || capacityPerThread > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "trace capacity per thread must be in [1, " + MAX_CAPACITY + "], not " + capacityPerThread);
        }
        capacityPerThread = Math.max(MIN_CAPACITY, Integer.highestOneBit(capacityPerThread - 1) << 1);
        if (maxFinishedThreads < 0) {
            throw new IllegalArgumentException("maxFinishedThreads must be 0 or more, not " + maxFinishedThreads);
        }
        Objects.requireNonNull(clock, "TraceOptions: clock is null");
    }

    /** 16384 events per thread, 1024 finished threads kept, no live JFR, the system clock. */
    public static TraceOptions defaults() {
        return new TraceOptions(DEFAULT_CAPACITY, 1024, false, Clock.system());
    }

    public TraceOptions withCapacityPerThread(int capacityPerThread) {
        return new TraceOptions(capacityPerThread, maxFinishedThreads, jfr, clock);
    }

    public TraceOptions withMaxFinishedThreads(int maxFinishedThreads) {
        return new TraceOptions(capacityPerThread, maxFinishedThreads, jfr, clock);
    }

    public TraceOptions withJfr(boolean jfr) {
        return new TraceOptions(capacityPerThread, maxFinishedThreads, jfr, clock);
    }

    public TraceOptions withClock(Clock clock) {
        return new TraceOptions(capacityPerThread, maxFinishedThreads, jfr, clock);
    }
}
