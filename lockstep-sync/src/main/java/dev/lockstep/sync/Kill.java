package dev.lockstep.sync;

import dev.lockstep.sync.internal.KillCore;

/**
 * A kill scope: {@link Sync#withKill(Kill, Process)} runs a body under it and {@link
 * Sync#abort(Kill)} kills that body (and every process forked inside it). Created by {@link
 * Sync#newKill()}. Once aborted, a kill stays aborted.
 */
public final class Kill {
    final KillCore core;

    Kill(KillCore core) {
        this.core = core;
    }

    /** Whether {@link Sync#abort(Kill)} (or a {@code watch} trigger) has aborted it. */
    public boolean isAborted() {
        return core.aborted;
    }

    @Override
    public String toString() {
        return "kill " + core.id + (core.aborted ? " (aborted)" : "");
    }
}
