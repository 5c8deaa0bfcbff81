package dev.lockstep.cli.archfixture;

import dev.lockstep.core.LockstepException;
import dev.lockstep.flow.archfixture.FlowUsesIo;

/** Architecture fixture that obeys: cli may use every library module. */
public final class CliUsesLibraries {
    public String use(FlowUsesIo flow) {
        if (flow == null) {
            throw new LockstepException("no flow");
        }
        return flow.toString();
    }
}
