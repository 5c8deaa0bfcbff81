package dev.lockstep.sync.internal;

/** The state behind a {@code Kill} handle: one flag, set once, never cleared. */
public final class KillCore {
    public final long id;
    public boolean aborted;

    public KillCore(long id) {
        this.id = id;
    }
}
