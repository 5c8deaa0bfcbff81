package dev.lockstep.cluster.internal;

import dev.lockstep.core.Promise;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A lockstep {@link Promise} mirroring one Hazelcast executor future.
 *
 * <p>Completion flows Hazelcast to lockstep: {@link #bind} registers a {@code whenComplete} on the
 * Hazelcast future (it runs on a Hazelcast response thread, or at once if already done) that
 * completes, fails or cancels this promise; the promise's first-wins CAS makes a late or repeated
 * signal harmless. Cancellation flows lockstep to Hazelcast: {@link #onCancelled} calls {@code
 * cancel(true)} on the Hazelcast future, best effort.
 *
 * <p>Race: cancelling this promise before {@link #bind} has stored the Hazelcast future cannot
 * happen through the public API, because {@code DistributedEngine} binds before it returns the
 * promise; the field is still volatile-published so a cancel on another thread sees it.
 */
public final class RemotePromise<T> extends Promise<T> {
    private volatile Future<T> remote;

    /** Mirrors {@code hazelcastFuture} into this promise; returns this. */
    public RemotePromise<T> bind(Future<T> hazelcastFuture) {
        remote = hazelcastFuture;
        if (!(hazelcastFuture instanceof CompletionStage<?> stage)) {
            throw new IllegalStateException(
                    "Hazelcast future " + hazelcastFuture.getClass().getName() + " is not a CompletionStage");
        }
        @SuppressWarnings("unchecked")
        CompletionStage<T> typed = (CompletionStage<T>) stage;
        typed.whenComplete((value, failure) -> StagePromise.settle(this, value, failure, Function.identity()));
        return this;
    }

    @Override
    protected void onCancelled() {
        Future<T> f = remote;
        if (f != null) {
            f.cancel(true); // best effort: see DistributedEngine, "Cancellation"
        }
    }
}
