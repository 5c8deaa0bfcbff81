package dev.lockstep.io;

import dev.lockstep.core.LockstepException;

/**
 * An I/O operation failed: {@link #error()} says how (mapped from errno, or from the NIO
 * exception), the message names the operation and what it was applied to.
 */
public class IoException extends LockstepException {
    private final IoError error;

    public IoException(IoError error, String message) {
        super(message);
        this.error = error;
    }

    public IoException(IoError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** How the operation failed. */
    public IoError error() {
        return error;
    }
}
