package dev.lockstep.flow;

import dev.lockstep.core.LockstepException;

/** Root of lockstep-flow's unchecked exceptions; messages name the route, step, slot or effect at fault. */
public class FlowException extends LockstepException {
    public FlowException(String message) {
        super(message);
    }

    public FlowException(String message, Throwable cause) {
        super(message, cause);
    }
}
