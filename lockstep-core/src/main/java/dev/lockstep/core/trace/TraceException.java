package dev.lockstep.core.trace;

import dev.lockstep.core.LockstepException;

/** A trace could not be recorded, registered, written or read; the message says what and where. */
public class TraceException extends LockstepException {
    public TraceException(String message) {
        super(message);
    }

    public TraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
