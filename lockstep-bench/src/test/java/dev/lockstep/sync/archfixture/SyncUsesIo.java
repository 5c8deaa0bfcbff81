package dev.lockstep.sync.archfixture;

import dev.lockstep.io.archfixture.IoApi;

/** Architecture fixture, breaks the rule on purpose: sync may use core only, not io. */
public final class SyncUsesIo {
    public String use(IoApi io) {
        return io.name();
    }
}
