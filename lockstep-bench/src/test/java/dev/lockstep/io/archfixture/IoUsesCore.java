package dev.lockstep.io.archfixture;

import dev.lockstep.core.LockstepException;

/** Architecture fixture that obeys: io may use core. */
public final class IoUsesCore {
    public RuntimeException fail(String why) {
        return new LockstepException(why);
    }
}
