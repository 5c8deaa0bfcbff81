package dev.lockstep.core.memory.internal;

/**
 * A slab: a span of the large region carved into equal slots of one size class, with a bitmap of
 * free slots (bit set = free), handed out lowest address first so that live slots stay packed at
 * the start of a slab and sparse slabs empty out and return to the large region.
 *
 * <p>Not thread-safe: every method runs under its {@link SmallBin}'s lock. The {@code prev/next}
 * links place the slab on its bin's list of slabs that have free slots.
 */
public final class Slab {
    private final Chunk chunk;
    private final long offset;
    private final long spanSize;
    private final int slotSize;
    private final int slotCount;
    private final long[] freeBits;
    private int freeCount;
    private int searchFrom; // no free bit in words below this one

    Slab prev;
    Slab next;
    boolean onPartialList;

    public Slab(Chunk chunk, long offset, long spanSize, int slotSize) {
        this.chunk = chunk;
        this.offset = offset;
        this.spanSize = spanSize;
        this.slotSize = slotSize;
        this.slotCount = (int) (spanSize / slotSize);
        this.freeBits = new long[(slotCount + 63) >>> 6];
        for (int i = 0; i < slotCount; i++) {
            freeBits[i >>> 6] |= 1L << i;
        }
        this.freeCount = slotCount;
    }

    /** Takes the lowest free slot; the slab must not be full. */
    public int take() {
        for (int w = searchFrom; w < freeBits.length; w++) {
            long bits = freeBits[w];
            if (bits != 0) {
                int bit = Long.numberOfTrailingZeros(bits);
                freeBits[w] = bits & ~(1L << bit);
                freeCount--;
                searchFrom = w;
                return (w << 6) | bit;
            }
        }
        throw new IllegalStateException("slab at 0x" + Long.toHexString(address()) + " has no free slot");
    }

    /** Marks a slot free; returns false if it already was (the allocator's handle check should prevent it). */
    public boolean give(int slot) {
        int w = slot >>> 6;
        long mask = 1L << slot;
        if ((freeBits[w] & mask) != 0) {
            return false;
        }
        freeBits[w] |= mask;
        freeCount++;
        if (w < searchFrom) {
            searchFrom = w;
        }
        return true;
    }

    public Chunk chunk() {
        return chunk;
    }

    /** Offset of the slab in its chunk. */
    public long offset() {
        return offset;
    }

    public long address() {
        return chunk.address() + offset;
    }

    public long spanSize() {
        return spanSize;
    }

    public int slotSize() {
        return slotSize;
    }

    public int slotCount() {
        return slotCount;
    }

    public int freeCount() {
        return freeCount;
    }

    public boolean isFull() {
        return freeCount == 0;
    }

    public boolean isEmpty() {
        return freeCount == slotCount;
    }

    /** Offset of a slot in the chunk. */
    public long slotOffset(int slot) {
        return offset + (long) slot * slotSize;
    }
}
