package dev.lockstep.patch;

import dev.lockstep.patch.internal.exec.RuntimeErrors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Aggregates a player's runtime errors and tick durations per window of {@link #windowTicks} ticks:
 * error counts per kind and per block, the window's first error in full, ticks over the duration
 * budget and the slowest tick. {@link #current()} is the window being filled, {@link #last()} the
 * last complete one; {@link #total()} counts every error since the player was built.
 *
 * <p>Timing: the monitor alone reads a clock (lockstep-core's system clock unless one is injected; this package reads no clock itself), once as a
 * tick starts and once as it ends; nothing else in the runtime depends on wall time, so frames stay
 * a function of program, seed and inputs.
 *
 * <p>Allocation: a tick without errors allocates nothing (counters are primitives; the per-kind and
 * per-block maps are touched only by a report, and a window roll clears them in place). Snapshots
 * ({@link #current()}, {@link #last()}) allocate.
 *
 * <p>Threading: written by the ticking thread (reports come from steps in the tick; parallel lanes
 * never report, the ticking thread checks their output). Readers on other threads call the
 * synchronized snapshot methods; the tick's writes are synchronized on the same monitor only when
 * an error is reported or a window rolls, so a reader sees whole windows.
 */
public final class HealthMonitor {
    private final int windowTicks;
    private final double budgetMs;
    private final LongSupplier nanoClock;
    private final Window[] windows = {new Window(), new Window()};
    private int cur;
    private boolean haveLast;
    private final long[] total = new long[RuntimeErrors.KIND_NAMES.length];
    private long tickStart;
    final RuntimeErrors sink = this::report;

    /** A monitor with windows of {@code windowTicks}, a tick budget in ms (NaN: none) and a clock. */
    public HealthMonitor(int windowTicks, double budgetMs, LongSupplier nanoClock) {
        if (windowTicks <= 0) {
            throw new IllegalArgumentException("health window must be a positive number of ticks, got " + windowTicks);
        }
        this.windowTicks = windowTicks;
        this.budgetMs = budgetMs;
        this.nanoClock = nanoClock;
    }

    /** 60-tick windows, no budget. */
    public HealthMonitor() {
        this(60, Double.NaN, dev.lockstep.core.time.Clock.system()::nanoTime);
    }

    public int windowTicks() {
        return windowTicks;
    }

    void beginTick(long tick) {
        Window w = windows[cur];
        if (w.ticks == windowTicks) {
            roll(tick);
            w = windows[cur];
        }
        if (w.ticks == 0) {
            w.fromTick = tick;
        }
        if (!Double.isNaN(budgetMs)) {
            tickStart = nanoClock.getAsLong();
        }
    }

    void endTick() {
        Window w = windows[cur];
        w.ticks++;
        if (!Double.isNaN(budgetMs)) {
            double ms = (nanoClock.getAsLong() - tickStart) / 1e6;
            w.slowestMs = Math.max(w.slowestMs, ms);
            if (ms > budgetMs) {
                w.overBudget++;
            }
        }
    }

    private synchronized void roll(long tick) {
        cur ^= 1;
        haveLast = true;
        windows[cur].reset(tick);
    }

    private synchronized void report(int kind, String blockId, int step, long tick, String detail) {
        Window w = windows[cur];
        w.byKind[kind]++;
        w.byBlock.merge(blockId, 1L, Long::sum);
        if (w.first == null) {
            w.first = new RuntimeError(RuntimeErrors.KIND_NAMES[kind], blockId, step, tick, detail);
        }
        total[kind]++;
    }

    /** The window being filled. */
    public synchronized Health current() {
        return windows[cur].snapshot();
    }

    /** The last complete window, or null before the first one completes. */
    public synchronized Health last() {
        return haveLast ? windows[cur ^ 1].snapshot() : null;
    }

    /** Errors per kind since the player was built. */
    public synchronized Map<String, Long> total() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int k = 0; k < total.length; k++) {
            if (total[k] > 0) {
                m.put(RuntimeErrors.KIND_NAMES[k], total[k]);
            }
        }
        return m;
    }

    private static final class Window {
        long fromTick;
        long ticks;
        final long[] byKind = new long[RuntimeErrors.KIND_NAMES.length];
        final Map<String, Long> byBlock = new LinkedHashMap<>();
        RuntimeError first;
        long overBudget;
        double slowestMs;

        void reset(long tick) {
            fromTick = tick;
            ticks = 0;
            java.util.Arrays.fill(byKind, 0);
            byBlock.clear();
            first = null;
            overBudget = 0;
            slowestMs = 0;
        }

        Health snapshot() {
            Map<String, Long> kinds = new LinkedHashMap<>();
            for (int k = 0; k < byKind.length; k++) {
                if (byKind[k] > 0) {
                    kinds.put(RuntimeErrors.KIND_NAMES[k], byKind[k]);
                }
            }
            return new Health(fromTick, ticks, kinds, byBlock, first, overBudget, slowestMs);
        }
    }
}
