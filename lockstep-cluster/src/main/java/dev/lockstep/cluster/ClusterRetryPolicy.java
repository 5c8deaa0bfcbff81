package dev.lockstep.cluster;

import java.time.Duration;

/**
 * How {@link DistributedEngine} retries a task whose member was lost: at most {@code maxAttempts}
 * attempts in all, the first retry after {@code initialBackoff}, each later one after twice the
 * previous wait, never more than {@code maxBackoff}.
 *
 * <p>Only the loss of the member is retried: the member left or was removed while the task was
 * queued or running, or was no longer a member when the attempt was sent. A task that fails by
 * itself (its own exception), a cancelled task and a caller whose own member has stopped are never
 * retried. Retries go to the routing key's partition owner at the time of the retry, which after a
 * loss is a surviving member.
 *
 * @param maxAttempts attempts in all, at least 1 ({@link #NONE} is 1: no retry)
 * @param initialBackoff wait before the first retry, not negative
 * @param maxBackoff cap of the doubling wait, not below {@code initialBackoff}
 */
public record ClusterRetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** No retry: a lost member fails the future with Hazelcast's exception. */
    public static final ClusterRetryPolicy NONE = new ClusterRetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /**
     * The default: 8 attempts, 100 ms doubling to 2 s; about 10 s of retrying in all, enough to
     * outlast a partition table that still names the lost member for a moment after it is removed.
     */
    public static final ClusterRetryPolicy DEFAULT =
            new ClusterRetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(2));

    public ClusterRetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ClusterRetryPolicy.maxAttempts: " + maxAttempts + " is below 1");
        }
        if (initialBackoff == null || initialBackoff.isNegative()) {
            throw new IllegalArgumentException(
                    "ClusterRetryPolicy.initialBackoff: " + initialBackoff + " must be zero or positive");
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("ClusterRetryPolicy.maxBackoff: " + maxBackoff
                    + " must not be below initialBackoff " + initialBackoff);
        }
    }

    /** The wait before attempt {@code attempt} (2 is the first retry). */
    public Duration backoffBefore(int attempt) {
        Duration d = initialBackoff;
        for (int i = 2; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
