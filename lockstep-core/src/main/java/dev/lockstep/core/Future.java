package dev.lockstep.core;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The read side of a result that arrives later: a value, a failure, or a cancellation, decided
 * exactly once. {@link Promise} is the write side and the only implementation; engine tasks are
 * promises too, so a task, a combinator and a hand-made promise are awaited the same way.
 *
 * <p>Waiting comes in two flavours. {@link #await()} and {@link #await(Duration)} block and honour
 * interruption; use them outside the engine. {@link #join()} is for code running inside an engine
 * worker: instead of blocking the worker it helps (runs or steals other tasks) until this future
 * is done, which is what makes recursive fork/join safe. Outside a worker, {@code join()} blocks
 * without being interruptible (the interrupt status is kept).
 *
 * <p>Failure surfaces as {@link TaskFailedException} (unchecked, the original throwable as its
 * cause) and cancellation as {@link CancellationException}; {@link #exceptionNow()} gives the raw
 * cause.
 */
public interface Future<T> {
    /** Whether a value, failure or cancellation has been decided. */
    boolean isDone();

    /** Done with a value. */
    boolean isSuccess();

    /** Done with a failure (not a cancellation). */
    boolean isFailed();

    /** Done by cancellation. */
    boolean isCancelled();

    /**
     * Cancels this future if it is not done yet. A task not yet started will never start; a running
     * task is signalled (see the engine's documentation). Returns whether this call decided it.
     */
    boolean cancel();

    /** Like {@link #cancel()}, with a reason that becomes the {@link CancellationException}'s message. */
    boolean cancel(String reason);

    /** The value; throws if not done, failed or cancelled. */
    T resultNow();

    /** The failure's cause (a {@link CancellationException} when cancelled); throws if not done or a success. */
    Throwable exceptionNow();

    /** Blocks until done, honouring interruption. */
    T await() throws InterruptedException;

    /** Blocks at most {@code timeout}; throws {@link TimeoutException} if still not done. */
    T await(Duration timeout) throws InterruptedException, TimeoutException;

    /** Waits for the result, helping the engine when called from a worker (see the class overview). */
    T join();

    /**
     * Runs {@code callback} exactly once with (value, null) or (null, cause) after completion, on the
     * completing thread, or on this thread if already done. Never run under an internal lock.
     */
    Future<T> onComplete(BiConsumer<? super T, ? super Throwable> callback);
}
