package dev.lockstep.core.time;

import dev.lockstep.core.LockstepException;

/** A replayed run asked its {@link ReplayClock} for a reading the recording does not have. */
public final class ClockDivergenceException extends LockstepException {
    public ClockDivergenceException(String message) {
        super(message);
    }
}
