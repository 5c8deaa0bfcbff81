package dev.lockstep.flow;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the runtime schedules effect timeouts and retry backoffs. {@link #system()} uses one shared
 * daemon thread; {@link ManualTimer} fires on demand against a virtual clock, for deterministic
 * tests.
 */
public interface FlowTimer {
    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Scheduled {
        /** Calls the task off; harmless if it already ran. */
        void cancel();
    }

    /** Runs {@code task} once, {@code delay} from now (at once when zero), on the timer's thread. */
    Scheduled schedule(Duration delay, Runnable task);

    /** The shared real-time timer: one daemon thread, cancelled tasks removed at once. */
    static FlowTimer system() {
        return SystemTimer.INSTANCE;
    }

    /** The system timer's holder. */
    final class SystemTimer implements FlowTimer {
        static final SystemTimer INSTANCE = new SystemTimer();
        private final ScheduledThreadPoolExecutor executor;

        private SystemTimer() {
            executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "lockstep-flow-timer");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
        }

        @Override
        public Scheduled schedule(Duration delay, Runnable task) {
            var f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }
    }
}
