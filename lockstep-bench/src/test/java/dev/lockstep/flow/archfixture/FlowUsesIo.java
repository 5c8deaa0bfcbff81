package dev.lockstep.flow.archfixture;

import dev.lockstep.core.LockstepException;
import dev.lockstep.io.archfixture.IoApi;

/** Architecture fixture that obeys: flow may use io and core. */
public final class FlowUsesIo {
    public String use(IoApi io) {
        if (io == null) {
            throw new LockstepException("no io");
        }
        return io.name();
    }
}
