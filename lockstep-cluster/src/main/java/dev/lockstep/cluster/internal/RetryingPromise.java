package dev.lockstep.cluster.internal;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.spi.exception.RetryableException;
import dev.lockstep.cluster.ClusterRetryPolicy;
import dev.lockstep.cluster.ClusterTaskLostException;
import dev.lockstep.core.Promise;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The caller's side of one task submitted through {@code DistributedEngine}: a lockstep {@link
 * Promise} fed by a sequence of attempts, each an executor submission of a {@link TaskEnvelope}.
 *
 * <p>State: {@link #current} is the Hazelcast future of the attempt in flight; at most one attempt
 * is in flight, because the next is sent only from the previous one's completion (after its
 * backoff). The promise's own first-wins CAS decides the outcome once; everything after that is
 * dropped.
 *
 * <p>An attempt's outcome: a value completes the promise; a cancellation cancels it; a lost member
 * (see {@link #memberLost}) schedules the next attempt after the policy's backoff, on the JDK's
 * delayed executor (no thread of ours), or fails the promise with {@link ClusterTaskLostException}
 * once the attempts are used up; anything else (the task's own exception) fails the promise as is.
 *
 * <p>Races: a cancel and an attempt's send cross. Cancel first: the send sees the promise done
 * after publishing {@code current} and cancels the attempt itself. Send first: {@link
 * #onCancelled} sees {@code current} and cancels it. Either way the attempt in flight gets its
 * cancel (Hazelcast's {@code cancel(true)}: the member interrupts the task).
 */
public final class RetryingPromise<T> extends Promise<T> {
    private final Function<TaskEnvelope<T>, Future<T>> send;
    private final ClusterRetryPolicy policy;
    private final LongAdder retries;
    private final BooleanSupplier callerRunning;
    private volatile Future<T> current; // volatile: the attempt in flight, read by onCancelled

    /**
     * @param send sends one attempt to the member its routing names now (may throw)
     * @param retries counts retries, for the engine's stats
     * @param callerRunning whether the caller's own member still runs (a stopped caller never retries)
     */
    public RetryingPromise(
            Function<TaskEnvelope<T>, Future<T>> send,
            ClusterRetryPolicy policy,
            LongAdder retries,
            BooleanSupplier callerRunning) {
        this.send = send;
        this.policy = policy;
        this.retries = retries;
        this.callerRunning = callerRunning;
    }

    /**
     * Sends the first attempt on this thread: a serialization error throws here, to the submitter;
     * no target for the moment (a partition without an owner just after a loss) is a retry.
     */
    public RetryingPromise<T> start(TaskEnvelope<T> first) {
        try {
            sendAttempt(first);
        } catch (RuntimeException e) {
            if (!memberLost(e)) {
                throw e;
            }
            settle(first, null, e);
        }
        return this;
    }

    private void sendAttempt(TaskEnvelope<T> envelope) {
        Future<T> f = send.apply(envelope);
        current = f;
        if (isDone()) { // cancelled while sending: see "Races"
            f.cancel(true);
            return;
        }
        if (!(f instanceof CompletionStage<?> stage)) {
            throw new IllegalStateException("Hazelcast future " + f.getClass().getName() + " is not a CompletionStage");
        }
        @SuppressWarnings("unchecked")
        CompletionStage<T> typed = (CompletionStage<T>) stage;
        typed.whenComplete((value, failure) -> settle(envelope, value, failure));
    }

    private void settle(TaskEnvelope<T> envelope, T value, Throwable failure) {
        if (failure == null) {
            complete(value);
            return;
        }
        Throwable cause = StagePromise.unwrap(failure);
        if (cause instanceof CancellationException) {
            cancel("cancelled on the cluster: " + cause.getMessage());
        } else if (memberLost(failure) && callerRunning.getAsBoolean()) {
            retryOrGiveUp(envelope, cause);
        } else {
            fail(cause);
        }
    }

    private void retryOrGiveUp(TaskEnvelope<T> envelope, Throwable cause) {
        if (isDone()) {
            return;
        }
        if (envelope.attempt() >= policy.maxAttempts()) {
            fail(new ClusterTaskLostException(
                    envelope + ": its member was lost on every one of " + envelope.attempt()
                            + " attempts (retry policy " + policy + "); last: " + cause,
                    cause));
            return;
        }
        retries.increment();
        TaskEnvelope<T> next = envelope.nextAttempt();
        long waitNanos = policy.backoffBefore(next.attempt()).toNanos();
        CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS).execute(() -> resend(next));
    }

    private void resend(TaskEnvelope<T> next) {
        if (isDone()) {
            return;
        }
        try {
            sendAttempt(next);
        } catch (RuntimeException e) {
            settle(next, null, e); // e.g. no owner yet for the partition: a lost member again
        }
    }

    /** The member that had (or was to get) the attempt is gone, or not there yet; nothing else. */
    static boolean memberLost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RetryableException || c instanceof HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void onCancelled() {
        Future<T> f = current;
        if (f != null) {
            f.cancel(true); // best effort: see DistributedEngine, "Cancellation"
        }
    }
}
