package dev.lockstep.flow.internal;

import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.TaskHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waits for a future inside a lockstep-io task without blocking the runtime's thread: the task
 * parks, and the future's completion triggers it from whatever thread completes it. A trigger is a
 * permit (it is not lost if it arrives before the park), so the loop {@code while (!done) park()}
 * cannot miss a completion. Outside a task it blocks the calling thread with {@code join}.
 *
 * <p>A deadline scope around the wait or a cancel of the task ends the park with lockstep-io's
 * TIMED_OUT or CANCELLED error; the future itself is then cancelled, so the work behind it can stop.
 */
public final class IoAwait {
    private IoAwait() {}

    /** The future's value; its failure rethrown unwrapped (a RuntimeException or Error as is). */
    public static <T> T await(CompletableFuture<T> future) {
        IoRuntime rt = IoRuntime.currentOrNull();
        if (rt != null && !future.isDone()) {
            TaskHandle self = rt.currentHandle();
            future.whenComplete((v, e) -> rt.trigger(self)); // any thread: a permit for the park below
            try {
                while (!future.isDone()) {
                    rt.park();
                }
            } catch (RuntimeException | Error e) {
                future.cancel(false); // the wait ended early (deadline or cancel): the work need not go on
                throw e;
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw e;
        } catch (CancellationException e) {
            throw e;
        }
    }
}
