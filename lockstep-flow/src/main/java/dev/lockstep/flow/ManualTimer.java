package dev.lockstep.flow;

import dev.lockstep.core.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link FlowTimer} that fires only when asked, on the asking thread, advancing a {@link
 * VirtualClock} to each task's due time: retries, backoffs and timeouts become a deterministic
 * schedule that a test can inspect ({@link #delays()}) without waiting. Thread-safe.
 */
public final class ManualTimer implements FlowTimer {
    private record Task(long due, long seq, Duration delay, Runnable run, boolean[] cancelled) {}

    private final VirtualClock clock;
    private final PriorityQueue<Task> queue =
            new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final List<Duration> delays = new ArrayList<>();
    private long seq;

    public ManualTimer() {
        this(new VirtualClock());
    }

    public ManualTimer(VirtualClock clock) {
        this.clock = clock;
    }

    /** The clock this timer advances. */
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable task) {
        boolean[] cancelled = new boolean[1];
        delays.add(delay);
        queue.add(new Task(clock.nanoTime() + delay.toNanos(), seq++, delay, task, cancelled));
        return () -> {
            synchronized (ManualTimer.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Every delay ever scheduled, in scheduling order (cancelled ones included). */
    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Whether a task that was not cancelled is waiting. */
    public synchronized boolean hasPending() {
        dropCancelled();
        return !queue.isEmpty();
    }

    /** Fires the earliest pending task (advancing the clock to its due time); false if none. */
    public boolean fireNext() {
        Task t;
        synchronized (this) {
            dropCancelled();
            t = queue.poll();
            if (t == null) {
                return false;
            }
            clock.advanceTo(t.due);
        }
        t.run.run();
        return true;
    }

    /** Fires every task due within {@code d} from now, in due order, then leaves the clock at now + d. */
    public void advance(Duration d) {
        long until;
        synchronized (this) {
            until = clock.nanoTime() + d.toNanos();
        }
        while (true) {
            synchronized (this) {
                dropCancelled();
                Task head = queue.peek();
                if (head == null || head.due > until) {
                    clock.advanceTo(until);
                    return;
                }
            }
            fireNext();
        }
    }

    private void dropCancelled() {
        while (!queue.isEmpty() && queue.peek().cancelled[0]) {
            queue.poll();
        }
    }
}
