package dev.lockstep.patch;

import dev.lockstep.patch.internal.exec.RingTracer;
import java.util.ArrayList;
import java.util.List;

/**
 * A player's trace buffer: a ring of the last values the steps wrote, switched on and off while the
 * player runs, without recompiling. A switch takes effect at the next tick boundary (the runner reads
 * the switch once per tick), so a tick is traced whole or not at all. Switching and reading are safe
 * from any thread.
 */
public final class PatchTrace {
    private final RingTracer ring;

    PatchTrace(RingTracer ring) {
        this.ring = ring;
    }

    RingTracer ring() {
        return ring;
    }

    public PatchTrace enable() {
        ring.enabled(true);
        return this;
    }

    public PatchTrace disable() {
        ring.enabled(false);
        return this;
    }

    public boolean enabled() {
        return ring.on();
    }

    /** Entries the ring holds at most. */
    public int capacity() {
        return ring.capacity;
    }

    /** The ring's entries, oldest first. */
    public List<TraceEntry> entries() {
        List<TraceEntry> out = new ArrayList<>();
        ring.copy((tick, step, slot, lane, value, block) ->
                out.add(new TraceEntry(tick, step, slot, lane, value, block)));
        return out;
    }

    /** Entries written since the player was built (or cleared), including those overwritten. */
    public long written() {
        return ring.written();
    }

    public void clear() {
        ring.clear();
    }
}
