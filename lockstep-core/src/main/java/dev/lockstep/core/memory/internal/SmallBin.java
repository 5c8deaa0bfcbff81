package dev.lockstep.core.memory.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The slabs of one size class and its counters, guarded by {@link #lock}. As in jemalloc's bins, one
 * lock per class: threads allocating different classes never contend.
 *
 * <p>{@code partial} is an intrusive doubly-linked list of the bin's slabs that have a free slot;
 * allocation takes from its head. Full slabs are off the list and come back on it when a slot is
 * freed. A slab that becomes empty is handed back to the large region unless it is the bin's only
 * slab with free space (one empty slab is kept so that an allocate/free cycle at a slab boundary
 * does not carve and return a slab each time).
 */
public final class SmallBin {
    public final ReentrantLock lock = new ReentrantLock();
    private final int slotSize;
    private Slab partial;
    private int partialCount;

    // Counters, written under lock.
    public int slabs;
    public long slotsInUse;
    public long bytesInUse; // sum of requested sizes of live blocks
    public long slotCapacity; // slots in all slabs

    public SmallBin(int slotSize) {
        this.slotSize = slotSize;
    }

    public int slotSize() {
        return slotSize;
    }

    /** The slab to allocate from, or null if every slab is full. */
    public Slab partialHead() {
        return partial;
    }

    public int partialCount() {
        return partialCount;
    }

    public void addPartial(Slab slab) {
        slab.prev = null;
        slab.next = partial;
        if (partial != null) {
            partial.prev = slab;
        }
        partial = slab;
        slab.onPartialList = true;
        partialCount++;
    }

    public void removePartial(Slab slab) {
        if (slab.prev != null) {
            slab.prev.next = slab.next;
        } else {
            partial = slab.next;
        }
        if (slab.next != null) {
            slab.next.prev = slab.prev;
        }
        slab.prev = null;
        slab.next = null;
        slab.onPartialList = false;
        partialCount--;
    }
}
