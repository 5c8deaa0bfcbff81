package dev.lockstep.core.coroutine.internal;

/**
 * A backend's half of a coroutine: runs the body one segment at a time. It knows nothing of
 * coroutine states; {@link dev.lockstep.core.coroutine.Coroutine} owns those and calls a driver only
 * while it owns the RUNNING state, so the methods here are never called concurrently.
 */
public interface CoroutineDriver {
    /** Runs the body on the calling thread until it yields or ends. */
    void runSegment();

    /** True once the body has ended, normally or not; valid after {@link #runSegment()}. */
    boolean finished();

    /** What the body threw, or null; valid once {@link #finished()}. */
    Throwable failure();

    /** Makes the pending and every later yield throw CoroutineClosedException; before a segment. */
    void requestClose();

    /** True for the Continuation backend. */
    boolean isContinuation();
}
