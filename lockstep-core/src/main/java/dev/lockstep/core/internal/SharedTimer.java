package dev.lockstep.core.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer behind {@code Future.orTimeout} and {@code CancellationSource.cancelAfter}: a
 * {@link ScheduledThreadPoolExecutor} with a single daemon thread named {@code lockstep-timer},
 * created on first use. The JDK's delay queue is a binary heap whose tasks know their heap index, so
 * scheduling and cancelling are O(log n) and, with the remove-on-cancel policy, a cancelled task
 * leaves the queue at once: a timeout whose future completes first holds nothing.
 *
 * <p>No thread per timeout: ten thousand pending timeouts are ten thousand heap entries and one
 * parked thread. The thread may stop after a minute without work and is re-created on demand.
 *
 * <p>Tasks run on the timer thread and must be short (completing a promise, cancelling a source).
 * Whatever callbacks that triggers run there too; callers say so in their documentation.
 */
public final class SharedTimer {
    private SharedTimer() {}

    private static final class Holder {
        static final ScheduledThreadPoolExecutor TIMER = singleDaemonScheduler("lockstep-timer");
    }

    /**
     * A scheduler with one daemon thread named {@code threadName}, created on first task, that
     * drops cancelled tasks at once and stops after a minute without work (re-created on demand).
     * Shared by this timer and {@link BackgroundFlusher}.
     */
    static ScheduledThreadPoolExecutor singleDaemonScheduler(String threadName) {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, threadName);
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true); // a cancelled task holds nothing
        t.setKeepAliveTime(60, TimeUnit.SECONDS);
        t.allowCoreThreadTimeOut(true);
        return t;
    }

    /**
     * Runs {@code task} once after {@code delay} on the timer thread. Cancel the returned handle
     * (with {@code cancel(false)}) to drop the task. Delays beyond ~292 years are clamped.
     */
    public static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return Holder.TIMER.schedule(task, saturatedNanos(delay), TimeUnit.NANOSECONDS);
    }

    /** {@code delay} in nanoseconds, clamped to {@code Long.MAX_VALUE} instead of overflowing. */
    public static long saturatedNanos(Duration delay) {
        try {
            return delay.toNanos();
        } catch (ArithmeticException tooLong) {
            return delay.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Tasks waiting in the timer's queue (for tests proving that cancelled timeouts are dropped). */
    public static int queuedTasks() {
        return Holder.TIMER.getQueue().size();
    }

    /** Throws {@link IllegalArgumentException} naming {@code what} if {@code d} is null or negative. */
    public static Duration checkDelay(Duration d, String what) {
        if (d == null) {
            throw new NullPointerException(what + ": duration is null");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + ": negative duration " + d);
        }
        return d;
    }
}
