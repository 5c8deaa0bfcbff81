package dev.lockstep.core.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The thread behind the replay log's {@code Durability.everyMillis}: one daemon thread named
 * {@code lockstep-flusher}, created on first use, that runs each registered task when the task
 * asks to run next. It lives here, outside the deterministic replay package, because it waits in
 * real time; the replay recorder decides whether a flush is due from its own injected clock.
 *
 * <p>Unlike {@link SharedTimer}, whose tasks must be short, tasks here may block in {@code
 * FileChannel.force} for milliseconds; a slow flush of one log delays the others' (documented in
 * docs/core/replay.md). The thread may stop after a minute without work and is re-created on
 * demand.
 *
 * <p>Races: {@link Handle#cancel()} sets a flag and cancels the pending run. A run already in
 * progress may schedule one more run before it sees the flag; that run sees it and stops. A task
 * must therefore tolerate one call after cancellation (the recorder returns "stop" once closed).
 */
public final class BackgroundFlusher {
    private BackgroundFlusher() {}

    /** The shortest wait between runs, so a task that keeps answering 0 cannot spin the thread. */
    static final long MIN_DELAY_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private static final class Holder {
        static final ScheduledThreadPoolExecutor EXEC = SharedTimer.singleDaemonScheduler("lockstep-flusher");
    }

    /** Stops a task started with {@link #start}. */
    public static final class Handle implements Runnable {
        private final LongSupplier task;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        private Handle(LongSupplier task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            long delay;
            try {
                delay = task.getAsLong();
            } catch (RuntimeException | Error e) {
                delay = -1; // the task reports its own failures; a throwing task is not run again
            }
            if (delay >= 0 && !cancelled) {
                schedule(delay);
            }
        }

        private void schedule(long delayNanos) {
            next = Holder.EXEC.schedule(this, Math.max(delayNanos, MIN_DELAY_NANOS), TimeUnit.NANOSECONDS);
        }

        /** No run starts after the pending one is cancelled (one in progress may finish; see the class comment). */
        public void cancel() {
            cancelled = true;
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    /**
     * Runs {@code task} on the flusher thread after {@code firstDelayNanos}, then again after
     * whatever nanoseconds each run returns (at least {@value #MIN_DELAY_NANOS} ns); a negative
     * answer, a thrown exception or {@link Handle#cancel()} stops it.
     */
    public static Handle start(LongSupplier task, long firstDelayNanos) {
        Handle h = new Handle(task);
        h.schedule(firstDelayNanos);
        return h;
    }
}
