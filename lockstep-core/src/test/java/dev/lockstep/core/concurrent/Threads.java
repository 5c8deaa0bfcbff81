package dev.lockstep.core.concurrent;

import java.util.concurrent.TimeUnit;

/** Helpers for tests that need a thread to be parked before they act. */
final class Threads {
    private Threads() {}

    /** Joins {@code t}, failing (instead of hanging) if it has not ended after a minute. */
    static void join(Thread t) throws InterruptedException {
        if (!t.join(java.time.Duration.ofMinutes(1))) {
            throw new AssertionError(t.getName() + " did not end: a lost wake-up or a deadlock");
        }
    }

    /**
     * Waits until every thread is in WAITING or TIMED_WAITING (parked) state. This is a hang guard,
     * not a timing assertion: it gives up only after a minute, which means the thread never parked.
     */
    static void awaitParked(Thread... threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
                if (!t.isAlive()) {
                    throw new AssertionError(t.getName() + " ended instead of parking");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(t.getName() + " did not park; state " + t.getState());
                }
                Thread.sleep(1);
            }
        }
    }
}
