package dev.lockstep.sync;

import dev.lockstep.core.LockstepException;

/**
 * A misuse of the machine or its signals. The message names the signal or process and the instant,
 * e.g. "event signal 'x' emitted twice in instant 3".
 */
public class SyncException extends LockstepException {
    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
