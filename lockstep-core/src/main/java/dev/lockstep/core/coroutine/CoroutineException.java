package dev.lockstep.core.coroutine;

import dev.lockstep.core.LockstepException;

/**
 * Root of the coroutine package's exceptions. Thrown as such by {@link Coroutine#resume()} to wrap
 * a checked exception that escaped a coroutine's body (the cause is the body's exception), and when
 * a backend cannot be used (the message names the missing JVM flag or the bad property value).
 */
public class CoroutineException extends LockstepException {
    public CoroutineException(String message) {
        super(message);
    }

    public CoroutineException(String message, Throwable cause) {
        super(message, cause);
    }
}
