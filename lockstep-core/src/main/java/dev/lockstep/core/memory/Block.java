package dev.lockstep.core.memory;

import dev.lockstep.core.memory.internal.Chunk;
import dev.lockstep.core.memory.internal.Slab;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A block of off-heap memory allocated by a {@link SlabAllocator}: its address, the size asked for,
 * and a {@link #segment()} view. Only the allocator makes blocks, so a block handle cannot be forged;
 * its state word (live, retired, freed) lets the allocator detect a double free with one CAS.
 *
 * <p>A block may be shared between threads; its methods are thread-safe. The bytes of a new block
 * are unspecified (zero when the memory is fresh, old contents or the poison byte when reused).
 */
public final class Block {
    static final int LIVE = 0;
    static final int RETIRED = 1; // freeDeferred called, memory not yet returned
    static final int FREED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Block.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SlabAllocator allocator;
    private final Chunk chunk;
    private final long offset;
    private final long size;
    private final long usableSize;
    private final Slab slab; // null for a large block
    private final int slot;

    @SuppressWarnings("unused") // accessed through STATE
    private int state;

    private MemorySegment segment; // cached view; a racy publication is benign (segments are immutable)

    Block(SlabAllocator allocator, Chunk chunk, long offset, long size, long usableSize, Slab slab, int slot) {
        this.allocator = allocator;
        this.chunk = chunk;
        this.offset = offset;
        this.size = size;
        this.usableSize = usableSize;
        this.slab = slab;
        this.slot = slot;
    }

    /** The address of the first byte; a multiple of {@link SlabAllocator#ALIGNMENT}. */
    public long address() {
        return chunk.address() + offset;
    }

    /** The size that was asked for; {@link #segment()} has exactly this size. */
    public long size() {
        return size;
    }

    /** The bytes the block occupies: its size class, or its size rounded up to 16 for a large block. */
    public long usableSize() {
        return usableSize;
    }

    /** Whether the block came from a size class (true) or from the large region (false). */
    public boolean isSmall() {
        return slab != null;
    }

    /** Whether the block is neither freed nor retired. */
    public boolean isLive() {
        return opaqueState() == LIVE;
    }

    public SlabAllocator allocator() {
        return allocator;
    }

    /**
     * A segment over the block's {@link #size()} bytes, valid until the allocator closes. A retired
     * block (see {@link SlabAllocator#freeDeferred(Block)}) still answers, for the readers that the
     * deferral protects.
     *
     * @throws UseAfterFreeException if the block was freed
     * @throws UseAfterCloseException if the allocator was closed
     */
    public MemorySegment segment() {
        if (opaqueState() == FREED) {
            throw new UseAfterFreeException(this + " was used after it was freed");
        }
        if (allocator.isClosed()) {
            throw new UseAfterCloseException(this + " was used after allocator '" + allocator.name() + "' closed");
        }
        MemorySegment s = segment;
        if (s == null) {
            s = chunk.segment().asSlice(offset, size);
            segment = s;
        }
        return s;
    }

    Chunk chunk() {
        return chunk;
    }

    long offset() {
        return offset;
    }

    Slab slab() {
        return slab;
    }

    int slot() {
        return slot;
    }

    int opaqueState() {
        return (int) STATE.getOpaque(this);
    }

    void releaseState(int value) {
        STATE.setRelease(this, value);
    }

    /** CAS of the state; returns the witness (equal to {@code expected} when it won). */
    int caxState(int expected, int next) {
        return (int) STATE.compareAndExchange(this, expected, next);
    }

    @Override
    public String toString() {
        return "block 0x" + Long.toHexString(address()) + " (size " + size + ") of allocator '" + allocator.name()
                + "'";
    }
}
