package dev.lockstep.core.memory;

import dev.lockstep.core.memory.internal.Slot;
import dev.lockstep.core.memory.internal.SlotTable;

/**
 * One hand-out of a pooled object ({@link ObjectPool#acquireRef()}); closing it releases the object.
 * Unlike {@link ObjectPool#release(Object)}, it detects a stale release even after the object was
 * handed out again, because it remembers which hand-out it stands for.
 *
 * <p>A ref is meant for one holder at a time; {@link #get()} after {@link #close()} is reported on a
 * best-effort basis (the check reads a plain field).
 */
public final class PooledRef<T> implements AutoCloseable {
    private final ObjectPool<T> pool;
    private final Slot<T> slot;
    private final int handOutState;
    private boolean closed;

    PooledRef(ObjectPool<T> pool, Slot<T> slot, int handOutState) {
        this.pool = pool;
        this.slot = slot;
        this.handOutState = handOutState;
    }

    /**
     * The pooled object.
     *
     * @throws UseAfterFreeException if this ref was closed
     */
    public T get() {
        if (closed) {
            throw new UseAfterFreeException("PooledRef for " + SlotTable.describe(slot.object()) + " of pool '"
                    + pool.name() + "' was used after it was released");
        }
        return slot.object();
    }

    /**
     * Releases the object to its pool.
     *
     * @throws DoubleFreeException if this hand-out was already released (through this ref or through
     *     {@link ObjectPool#release(Object)})
     */
    @Override
    public void close() {
        closed = true;
        pool.release(this, slot, handOutState);
    }

    @Override
    public String toString() {
        return "PooledRef[" + SlotTable.describe(slot.object()) + " of '" + pool.name() + "']";
    }
}
