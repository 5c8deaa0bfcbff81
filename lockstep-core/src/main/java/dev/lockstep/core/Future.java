package dev.lockstep.core;

import dev.lockstep.core.cancel.CancellationToken;
import dev.lockstep.core.cancel.CancelledException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

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
 * cause) and cancellation as {@link CancelledException} (a {@link CancellationException} carrying
 * the reason); {@link #exceptionNow()} gives the raw cause.
 *
 * <h2>Derived futures</h2>
 *
 * <p>{@link #map}, {@link #flatMap}, {@link #recover}, {@link #recoverWith} and {@link #orTimeout}
 * return a new future. Their functions run once, on the thread that completes this future (or on
 * the calling thread if it is already done); a function that throws fails the derived future with
 * what it threw. A cancellation of this future passes through unchanged (it is never mapped nor
 * recovered). The derived future never reaches back: cancelling it does not cancel this future,
 * which may have other readers (cancel this one, or use {@link #cancelOn}, to stop the work).
 * Combinators over several futures are in {@link Futures}.
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

    /** Like {@link #cancel()}, with a reason that becomes the {@link CancelledException}'s reason. */
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
     * completing thread, or on this thread if already done. Never run under an internal lock. A
     * callback that throws does not stop the others; what it threw goes to the running thread's
     * uncaught exception handler.
     */
    Future<T> onComplete(BiConsumer<? super T, ? super Throwable> callback);

    /**
     * Like {@link #onComplete(BiConsumer)}, but {@code callback} runs on {@code executor} (an engine,
     * a virtual-thread executor...). If the executor rejects it, the {@link
     * java.util.concurrent.RejectedExecutionException} goes to the completing thread's uncaught
     * exception handler and the callback does not run.
     */
    default Future<T> onComplete(BiConsumer<? super T, ? super Throwable> callback, Executor executor) {
        Derived.onCompleteOn(this, callback, executor);
        return this;
    }

    /** A future of {@code fn(value)}; failures and cancellation pass through (see the class overview). */
    default <U> Future<U> map(Function<? super T, ? extends U> fn) {
        return Derived.map(this, fn);
    }

    /**
     * A future of the future {@code fn(value)} returns; failures and cancellation of either pass
     * through. Cancelling the result cancels neither this future nor the inner one.
     */
    default <U> Future<U> flatMap(Function<? super T, ? extends Future<? extends U>> fn) {
        return Derived.flatMap(this, fn);
    }

    /** A future of this value, or of {@code fn(cause)} if this future failed. Cancellation is not recovered. */
    default Future<T> recover(Function<? super Throwable, ? extends T> fn) {
        return Derived.recover(this, fn);
    }

    /** A future of this value, or of the future {@code fn(cause)} returns if this one failed. */
    default Future<T> recoverWith(Function<? super Throwable, ? extends Future<? extends T>> fn) {
        return Derived.recoverWith(this, fn);
    }

    /**
     * A future with this future's outcome, or failed with a {@link TimeoutException} whose message
     * names {@code timeout} if this one is not done by then. This future is not touched by the
     * timeout (cancel it on timeout if that is what you want). The timer is the shared one (no
     * thread per future) and is dropped as soon as this future completes first; when the timeout
     * fires, the derived future's callbacks run on the timer thread, so keep them short or use
     * {@link #onComplete(BiConsumer, Executor)}. A zero timeout on a pending future fails at once.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    default Future<T> orTimeout(Duration timeout) {
        return Derived.orTimeout(this, timeout);
    }

    /**
     * Cancels this future when {@code token} is cancelled (with the token's reason); returns this
     * future. The registration on the token is removed when this future completes, so a long-lived
     * token does not keep completed futures alive. A token cancelled already cancels at once.
     */
    default Future<T> cancelOn(CancellationToken token) {
        Derived.cancelOn(this, token);
        return this;
    }

    /**
     * A new {@link CompletableFuture} completed with this future's outcome: the value, {@code
     * completeExceptionally(cause)} on failure, and on cancellation {@code
     * completeExceptionally(theCancellationException)}, which CompletableFuture reports as cancelled.
     * Cancelling the returned CompletableFuture cancels this future (and so reaches a task);
     * completing it by other means only affects the CompletableFuture.
     */
    default CompletableFuture<T> toCompletableFuture() {
        return Derived.toCompletableFuture(this);
    }
}
