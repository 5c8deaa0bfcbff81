package dev.lockstep.core.concurrent;

import dev.lockstep.core.LockstepException;

/**
 * Thrown by a {@link BlockingMpmcQueue} that has been {@linkplain BlockingMpmcQueue#close()
 * closed}: to a producer on any offer or put after the close (including one that was blocked when
 * the close happened), and to a consumer's {@code take()} once the queue is closed and empty. The
 * message names the queue and the operation.
 */
public final class QueueClosedException extends LockstepException {
    private final String queueName;

    public QueueClosedException(String queueName, String message) {
        super(message);
        this.queueName = queueName;
    }

    /** The name of the closed queue. */
    public String queueName() {
        return queueName;
    }
}
