package dev.lockstep.core.replay;

import dev.lockstep.core.LockstepException;

/**
 * A replay log could not be written or read: an I/O failure (the message names the file), or a
 * recorder that failed earlier and refuses further use. Damage found in a log is the subclass
 * {@link ReplayDamageException}; a replay that asks for something the log does not hold is
 * {@link ReplayDivergenceException}.
 */
public class ReplayException extends LockstepException {
    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
