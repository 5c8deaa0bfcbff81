package dev.lockstep.cluster.internal;

import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.lockstep.core.Promise;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A lockstep {@link Promise} completed from a Hazelcast {@link CompletionStage} (the IMap async
 * API): with its value, with its failure (unwrapped from {@code CompletionException} and {@code
 * ExecutionException}), or cancelled when the stage was.
 *
 * <p>Hazelcast runs a stage's {@code whenComplete} action on its default asynchronous executor
 * (the common pool), never on a partition thread, so the promise's callbacks may start further map
 * operations. Cancelling the promise decides it for its waiters only: a map operation already sent
 * is not called back (Hazelcast cannot cancel one). The promise's first-wins CAS makes a late
 * completion harmless.
 */
public final class StagePromise<T> extends Promise<T> {
    private StagePromise() {}

    /** A promise mirroring {@code stage}. */
    public static <T> Promise<T> of(CompletionStage<? extends T> stage) {
        return of(stage, Function.identity());
    }

    /**
     * A promise mirroring {@code stage}, whose failures pass through {@code failure} first (to
     * translate a serialization failure into the caller's terms).
     */
    public static <T> Promise<T> of(
            CompletionStage<? extends T> stage, Function<? super Throwable, ? extends Throwable> failure) {
        StagePromise<T> p = new StagePromise<>();
        stage.whenComplete((value, error) -> settle(p, value, error, failure));
        return p;
    }

    /**
     * Decides {@code p} from a Hazelcast outcome: the value, a cancellation, or the failure unwrapped
     * and passed through {@code failure}. Shared by every promise of this module fed by Hazelcast.
     */
    public static <T> void settle(
            Promise<T> p, T value, Throwable error, Function<? super Throwable, ? extends Throwable> failure) {
        if (error == null) {
            p.complete(value);
            return;
        }
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException) {
            p.cancel("cancelled on the cluster: " + cause.getMessage());
        } else {
            p.fail(failure.apply(cause));
        }
    }

    /** The cause under Hazelcast's and the JDK's wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** The serialization failure in {@code t}'s cause chain, or null. */
    public static HazelcastSerializationException serializationFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HazelcastSerializationException h) {
                return h;
            }
        }
        return null;
    }

    /** A short reason for a serialization failure: its root cause's class and message. */
    public static String reason(HazelcastSerializationException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
