package dev.lockstep.flow;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (JDBC, files, a blocking socket) on a fresh virtual thread and returns its
 * future. Cancelling the future interrupts the thread; a result that arrives after a cancellation
 * is dropped (the future is decided once).
 */
public final class Blocking {
    private Blocking() {}

    /** Starts {@code work} on a new virtual thread named {@code name}. */
    public static <T> Future<T> start(String name, Callable<? extends T> work) {
        Promise<T> promise = new Promise<>();
        Thread t = Thread.ofVirtual().name("flow-" + name).unstarted(() -> {
            try {
                if (!promise.isDone()) {
                    promise.complete(work.call());
                }
            } catch (Throwable e) {
                promise.fail(e);
            }
        });
        promise.onComplete((v, e) -> {
            if (promise.isCancelled()) {
                t.interrupt();
            }
        });
        t.start();
        return promise;
    }
}
