package dev.lockstep.core.internal;

import dev.lockstep.core.Promise;

/**
 * Implemented by engine worker threads. {@link Promise#join()} calls {@link #helpUntilDone} when
 * the joining thread is a worker, so the worker runs or steals other tasks instead of blocking.
 */
public interface JoinHelper {
    /** Returns only once {@code target.isDone()}; runs other work meanwhile. */
    void helpUntilDone(Promise<?> target);
}
