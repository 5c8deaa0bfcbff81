package dev.lockstep.cluster;

import dev.lockstep.core.LockstepException;

/**
 * A task's member was lost on every attempt its {@link ClusterRetryPolicy} allowed; the message
 * names the task, its idempotency key and the attempts, the cause is the last loss.
 */
public final class ClusterTaskLostException extends LockstepException {
    private static final long serialVersionUID = 1L;

    public ClusterTaskLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
