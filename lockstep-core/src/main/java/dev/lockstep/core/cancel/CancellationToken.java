package dev.lockstep.core.cancel;

/**
 * The read side of a cancellation request: work that should stop when asked checks {@link
 * #isCancellationRequested()} at convenient points (or calls {@link #throwIfCancellationRequested()})
 * and registers {@link #onCancel(Runnable)} callbacks to interrupt what it is blocked on. Only the
 * {@link CancellationSource} that handed out a token can cancel it; a token cancels at most once and
 * never un-cancels.
 *
 * <p>Callbacks: each runs exactly once, after the request (so {@link #reason()} is already set when
 * it runs), on the cancelling thread, never under a lock; one registered after cancellation runs at
 * once on the registering thread. A callback that throws does not stop the others; what it threw
 * goes to the running thread's uncaught exception handler. {@link Registration#unregister()} removes
 * a callback that has not started (a long-lived token does not keep finished work alive).
 *
 * <p>{@link #NONE} is never cancelled and keeps no callbacks; pass it where a token is required and
 * no cancellation is wanted.
 */
public interface CancellationToken {
    /** A token that is never cancelled; its {@link #onCancel} registers nothing. */
    CancellationToken NONE = NoneToken.INSTANCE;

    /** Whether cancellation was requested (a volatile read; no lock). */
    boolean isCancellationRequested();

    /** Whether this token can ever be cancelled ({@code false} only for {@link #NONE}). */
    boolean canBeCancelled();

    /** Why cancellation was requested, or {@code null} if it was not (yet). */
    String reason();

    /** Throws a {@link CancelledException} carrying {@link #reason()} if cancellation was requested. */
    default void throwIfCancellationRequested() {
        if (isCancellationRequested()) {
            throw new CancelledException(reason());
        }
    }

    /**
     * Runs {@code callback} once when cancellation is requested, or now if it already was. Returns
     * a handle to remove the callback before it runs.
     */
    Registration onCancel(Runnable callback);

    /** A callback registered with {@link #onCancel(Runnable)}. Closing it unregisters it. */
    interface Registration extends AutoCloseable {
        /** A registration that holds nothing (for callbacks that already ran or never will). */
        Registration EMPTY = () -> false;

        /**
         * Removes the callback if it has not started; returns whether it was removed (so will never
         * run). Returns {@code false} if it ran, is running, or was removed before. Does not wait for
         * a running callback.
         */
        boolean unregister();

        @Override
        default void close() {
            unregister();
        }
    }
}
