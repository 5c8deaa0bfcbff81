package dev.lockstep.core;

/**
 * Root of lockstep-core's unchecked exceptions. Messages name the offending thing (the task, the
 * pool, the block, the queue) so that a log line alone says what went wrong and where.
 */
public class LockstepException extends RuntimeException {
    public LockstepException(String message) {
        super(message);
    }

    public LockstepException(String message, Throwable cause) {
        super(message, cause);
    }
}
