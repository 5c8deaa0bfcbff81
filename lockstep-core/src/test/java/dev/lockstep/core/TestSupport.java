package dev.lockstep.core;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the futures tests. */
public final class TestSupport {
    private TestSupport() {}

    /** How many rounds a race test runs: a few thousand by default, many more with {@code --long}. */
    public static int rounds(int shortRounds) {
        return "long".equals(System.getProperty("lockstep.stress")) ? shortRounds * 20 : shortRounds;
    }

    /** Polls {@code condition} for up to 10 s; returns whether it became true. Not a timing assertion. */
    public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Runs the GC until {@code ref} is cleared (up to 10 s, allocating to provoke it); returns whether it was. */
    public static boolean collected(WeakReference<?> ref) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<byte[]> pressure = new ArrayList<>();
        while (ref.get() != null) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            System.gc();
            pressure.add(new byte[1 << 16]);
            if (pressure.size() > 64) {
                pressure.clear();
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Blocks until {@code t} is parked or waiting (so an interrupt lands while it waits). */
    public static void awaitBlocked(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (!t.isAlive()) {
                throw new AssertionError(t + " ended before blocking");
            }
            Thread.sleep(1);
        }
    }
}
