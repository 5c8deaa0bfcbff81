package dev.lockstep.core;

/** Thrown when awaiting a future that failed; the cause is the original failure. */
public class TaskFailedException extends LockstepException {
    public TaskFailedException(Throwable cause) {
        super("task failed: " + cause, cause);
    }
}
