package dev.lockstep.core.memory;

import dev.lockstep.core.memory.internal.Chunk;
import dev.lockstep.core.memory.internal.LargeRegion;
import dev.lockstep.core.memory.internal.LargeRegion.Span;
import dev.lockstep.core.memory.internal.SizeClasses;
import dev.lockstep.core.memory.internal.Slab;
import dev.lockstep.core.memory.internal.SmallBin;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An off-heap allocator over a shared {@link Arena}: size classes for small blocks, best fit with
 * coalescing for large ones, double-free and foreign-block detection, and deferred frees through an
 * {@link EpochReclaimer}.
 *
 * <pre>{@code
 * try (SlabAllocator alloc = SlabAllocator.builder().name("frames").build()) {
 *     Block b = alloc.allocate(100);          // a 112-byte slot, 16-byte aligned
 *     b.segment().set(ValueLayout.JAVA_INT, 0, 42);
 *     alloc.free(b);                          // a second free throws DoubleFreeException
 * }                                           // close releases all memory at once
 * }</pre>
 *
 * <h2>Overview</h2>
 *
 * <p><b>What it owns.</b> A shared arena (so blocks may cross threads) from which it reserves chunks
 * ({@link Builder#chunkSize(long)}, 1 MiB by default, 4096-aligned). Chunks are carved by the {@link
 * LargeRegion}, which keeps their free spans. Requests up to {@value #MAX_SMALL_SIZE} bytes round up
 * to one of {@link #sizeClasses()} (multiples of 16 up to 128, then four classes per doubling) and
 * are served from slabs of {@value #SLAB_SIZE} bytes that the large region lends to the class's
 * {@link SmallBin}; a slab is a bitmap of equal slots. Larger requests round up to 16 bytes and take
 * the best-fitting free span, split on allocate and coalesced with free neighbours on free. The
 * largest request is one chunk. Reserved memory is never given back to the OS before {@link
 * #close()} (a shared arena releases memory only as a whole); freed memory is reused.
 *
 * <p><b>Invariants.</b> (1) Live blocks never overlap, and {@code bytesInUse} is the sum of the
 * sizes of live blocks (jqwik property {@code liveBlocksNeverOverlapAndBytesInUseAddUp}). (2) A block
 * moves LIVE → FREED, or LIVE → RETIRED → FREED, by CAS on its state, so of two frees exactly one
 * wins and the other throws {@link DoubleFreeException} (test {@code doubleFreeIsDetected}). (3) Only
 * blocks whose {@link Block#allocator()} is this allocator are accepted ({@code foreignBlockIsDetected}).
 * (4) No two free spans of a chunk are adjacent ({@code adjacentFreeBlocksCoalesce}).
 *
 * <p><b>Locks and races.</b> One lock per size class and one for the large region, taken in that order
 * (a class lock, then the large lock when a slab is carved or returned); never the other way round, so
 * there is no deadlock. Threads allocating different classes do not contend; there are no per-thread
 * caches (a possible later step, as jemalloc's tcache). A {@link Block} is an immutable handle plus a
 * state word; the state CAS happens before any lock, so a racing double free is reported without
 * touching allocator structures. {@code closed} is volatile and set by {@link #close()} while it holds
 * every lock, so an operation that checks it under its lock either completes before the arena closes
 * or sees it closed; nothing touches memory of a closed arena.
 *
 * <p><b>Errors.</b> Double free (also free after {@code freeDeferred}), foreign block, use after close
 * ({@link UseAfterCloseException} from every method but {@link #stats()} and {@link #close()};
 * segments of a closed allocator throw the JDK's {@link IllegalStateException} on access), requests
 * of zero or above {@link #maxBlockSize()} ({@link IllegalArgumentException}) and reserving beyond
 * {@link Builder#maxReservedBytes(long)} ({@link MemoryExhaustedException}). An access through a
 * segment taken before its block was freed is not checked (it would need an arena per block); the
 * {@link Builder#poisonOnFree(byte)} option fills freed blocks with a pattern to expose it in tests.
 *
 * <p><b>Deferred free.</b> Built with {@link Builder#reclaimer(EpochReclaimer)}, {@link
 * #freeDeferred(Block)} marks the block retired at once (a second free is already an error) and
 * returns its memory only when every reader that was inside a critical section of the reclaimer at
 * that moment has left (see {@link EpochReclaimer} for why that is safe). If the allocator closes
 * first, the pending returns are dropped: close has released the memory.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public final class SlabAllocator implements AutoCloseable {
    /** Alignment of every block. */
    public static final int ALIGNMENT = SizeClasses.QUANTUM;
    /** The largest request served from a size class. */
    public static final int MAX_SMALL_SIZE = SizeClasses.MAX_SMALL;
    /** The span a size class carves into slots. */
    public static final int SLAB_SIZE = 64 * 1024;
    /** Default size of a chunk reserved from the arena, and so of the largest block. */
    public static final long DEFAULT_CHUNK_SIZE = 1L << 20;

    private static final long CHUNK_ALIGNMENT = 4096;

    /** Counts of one size class. */
    public record ClassStats(int slotSize, int slabs, long slotsInUse, long slotsFree) {}

    /**
     * A snapshot, consistent per size class and for the large region but not across them.
     *
     * @param reservedBytes bytes reserved from the arena (all chunks)
     * @param bytesInUse sum of {@link Block#size()} over live blocks (retired blocks count until freed)
     * @param usableBytesInUse sum of {@link Block#usableSize()}; the difference is rounding waste
     * @param largeFreeBytes free bytes in the large region (excludes free slots inside slabs)
     * @param largestFreeBlock the largest free span, hence the largest block servable without growing
     * @param fragmentation {@code 1 - largestFreeBlock / largeFreeBytes}, 0 when nothing is free: 0
     *     means all free memory is one span, values near 1 that it is scattered in small holes
     */
    public record Stats(
            String name,
            long reservedBytes,
            int chunks,
            long bytesInUse,
            long usableBytesInUse,
            long liveBlocks,
            long largeFreeBytes,
            long largestFreeBlock,
            int largeFreeSpans,
            double fragmentation,
            List<ClassStats> classes) {}

    private final String name;
    private final long chunkSize;
    private final long maxReservedBytes;
    private final boolean poison;
    private final byte poisonByte;
    private final EpochReclaimer reclaimer;
    private final Arena arena = Arena.ofShared();
    private final SmallBin[] bins;

    private final ReentrantLock largeLock = new ReentrantLock();
    private final LargeRegion region = new LargeRegion(); // under largeLock
    private final List<Chunk> chunks = new ArrayList<>(); // under largeLock
    private long largeBlocks; // under largeLock
    private long largeBytesInUse; // under largeLock
    private long largeUsableInUse; // under largeLock

    private volatile boolean closed; // set under every lock (see overview)

    private SlabAllocator(Builder b) {
        this.name = b.name != null ? b.name : "SlabAllocator@" + Integer.toHexString(System.identityHashCode(this));
        this.chunkSize = b.chunkSize;
        this.maxReservedBytes = b.maxReservedBytes;
        this.poison = b.poison;
        this.poisonByte = b.poisonByte;
        this.reclaimer = b.reclaimer;
        this.bins = new SmallBin[SizeClasses.count()];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = new SmallBin(SizeClasses.slotSize(i));
        }
    }

    /** An allocator with default settings. */
    public static SlabAllocator create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The slot sizes of the small size classes, ascending. */
    public static List<Integer> sizeClasses() {
        List<Integer> sizes = new ArrayList<>(SizeClasses.count());
        for (int i = 0; i < SizeClasses.count(); i++) {
            sizes.add(SizeClasses.slotSize(i));
        }
        return List.copyOf(sizes);
    }

    /**
     * Allocates a block of {@code size} bytes, 16-byte aligned.
     *
     * @throws IllegalArgumentException if {@code size < 1} or {@code size > maxBlockSize()}
     * @throws MemoryExhaustedException if serving it would reserve more than the configured maximum
     * @throws UseAfterCloseException if the allocator is closed
     */
    public Block allocate(long size) {
        if (size < 1 || size > chunkSize) {
            throw new IllegalArgumentException("allocator '" + name + "' cannot allocate " + size
                    + " bytes: requests must be between 1 and maxBlockSize " + chunkSize);
        }
        return size <= MAX_SMALL_SIZE ? allocateSmall(size) : allocateLarge(size);
    }

    private Block allocateSmall(long size) {
        SmallBin bin = bins[SizeClasses.indexOf(size)];
        bin.lock.lock();
        try {
            checkOpen();
            Slab slab = bin.partialHead();
            if (slab == null) {
                slab = newSlabSlowPath(bin);
            }
            int slot = slab.take();
            if (slab.isFull()) {
                bin.removePartial(slab); // only slabs with a free slot are on the partial list
            }
            bin.slotsInUse++;
            bin.bytesInUse += size;
            return new Block(this, slab.chunk(), slab.slotOffset(slot), size, bin.slotSize(), slab, slot);
        } finally {
            bin.lock.unlock();
        }
    }

    /** Under the bin's lock: carves a new slab from the large region (lock order: bin, then large). */
    private Slab newSlabSlowPath(SmallBin bin) {
        largeLock.lock();
        try {
            Span span = takeSpanLocked(SLAB_SIZE);
            Slab slab = new Slab(span.chunk(), span.offset(), span.size(), bin.slotSize());
            bin.slabs++;
            bin.slotCapacity += slab.slotCount();
            bin.addPartial(slab);
            return slab;
        } finally {
            largeLock.unlock();
        }
    }

    private Block allocateLarge(long size) {
        long rounded = SizeClasses.roundUp(size);
        largeLock.lock();
        try {
            checkOpen();
            Span span = takeSpanLocked(rounded);
            largeBlocks++;
            largeBytesInUse += size;
            largeUsableInUse += rounded;
            return new Block(this, span.chunk(), span.offset(), size, rounded, null, -1);
        } finally {
            largeLock.unlock();
        }
    }

    /** Under largeLock: best fit, reserving one more chunk if no free span is large enough. */
    private Span takeSpanLocked(long size) {
        Span span = region.allocate(size);
        if (span != null) {
            return span;
        }
        long reserved = (long) chunks.size() * chunkSize;
        if (reserved + chunkSize > maxReservedBytes) {
            throw new MemoryExhaustedException("allocator '" + name + "' cannot serve " + size
                    + " bytes: no free span is large enough (largest " + region.largestFree() + ") and reserving"
                    + " another chunk of " + chunkSize + " would exceed maxReservedBytes " + maxReservedBytes
                    + " (reserved " + reserved + ")");
        }
        MemorySegment memory = arena.allocate(chunkSize, CHUNK_ALIGNMENT);
        Chunk chunk = new Chunk(chunks.size(), memory, memory.address());
        chunks.add(chunk);
        region.addChunk(chunk);
        return region.allocate(size);
    }

    /**
     * Frees a block now.
     *
     * @throws DoubleFreeException if it was already freed or retired
     * @throws ForeignBlockException if another allocator made it
     * @throws UseAfterCloseException if this allocator is closed
     */
    public void free(Block block) {
        checkFreeable(block);
        int witness = block.caxState(Block.LIVE, Block.FREED); // one winner among racing frees
        if (witness != Block.LIVE) {
            throw doubleFree(block, witness);
        }
        release(block);
    }

    /**
     * Retires a block: it is treated as freed at once (a second free is an error), but its memory is
     * reused only after every reader inside a critical section of the reclaimer has left.
     *
     * @throws IllegalStateException if the allocator was built without a reclaimer
     * @throws DoubleFreeException if it was already freed or retired
     * @throws ForeignBlockException if another allocator made it
     * @throws UseAfterCloseException if this allocator or its reclaimer is closed
     */
    public void freeDeferred(Block block) {
        if (reclaimer == null) {
            throw new IllegalStateException(
                    "allocator '" + name + "' has no EpochReclaimer: build it with reclaimer(...) to defer frees");
        }
        checkFreeable(block);
        int witness = block.caxState(Block.LIVE, Block.RETIRED);
        if (witness != Block.LIVE) {
            throw doubleFree(block, witness);
        }
        try {
            reclaimer.retire(() -> releaseRetired(block));
        } catch (RuntimeException e) {
            block.releaseState(Block.LIVE); // not retired after all: the caller still owns it
            throw e;
        }
    }

    private void releaseRetired(Block block) {
        block.releaseState(Block.FREED);
        release(block);
    }

    private void checkFreeable(Block block) {
        Objects.requireNonNull(block, "block");
        if (block.allocator() != this) {
            throw new ForeignBlockException(
                    block + " was freed to allocator '" + name + "', which did not allocate it");
        }
        checkOpen();
    }

    private DoubleFreeException doubleFree(Block block, int state) {
        return new DoubleFreeException(block + " was freed twice"
                + (state == Block.RETIRED ? " (it is retired, waiting for readers to leave)" : ""));
    }

    /** Returns the block's memory; a no-op if the allocator closed meanwhile (close released it). */
    private void release(Block block) {
        Slab slab = block.slab();
        if (slab == null) {
            largeLock.lock();
            try {
                if (closed) {
                    return;
                }
                poison(block);
                region.free(block.chunk(), block.offset(), block.usableSize());
                largeBlocks--;
                largeBytesInUse -= block.size();
                largeUsableInUse -= block.usableSize();
            } finally {
                largeLock.unlock();
            }
            return;
        }
        SmallBin bin = bins[SizeClasses.indexOf(block.usableSize())];
        bin.lock.lock();
        try {
            if (closed) {
                return;
            }
            poison(block);
            boolean wasFull = slab.isFull();
            if (!slab.give(block.slot())) {
                throw new IllegalStateException(block + ": slot " + block.slot() + " was already free (corrupt slab)");
            }
            bin.slotsInUse--;
            bin.bytesInUse -= block.size();
            if (wasFull) {
                bin.addPartial(slab);
            }
            if (slab.isEmpty() && bin.partialCount() > 1) { // keep one empty slab per class as hysteresis
                bin.removePartial(slab);
                bin.slabs--;
                bin.slotCapacity -= slab.slotCount();
                largeLock.lock();
                try {
                    region.free(slab.chunk(), slab.offset(), slab.spanSize());
                } finally {
                    largeLock.unlock();
                }
            }
        } finally {
            bin.lock.unlock();
        }
    }

    private void poison(Block block) {
        if (poison) {
            block.chunk().segment().asSlice(block.offset(), block.usableSize()).fill(poisonByte);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new UseAfterCloseException("allocator '" + name + "' is closed");
        }
    }

    /** Counters per size class and for the large region; see {@link Stats}. */
    public Stats stats() {
        List<ClassStats> classes = new ArrayList<>(bins.length);
        long inUse = 0;
        long usable = 0;
        long live = 0;
        for (SmallBin bin : bins) {
            bin.lock.lock();
            try {
                classes.add(
                        new ClassStats(bin.slotSize(), bin.slabs, bin.slotsInUse, bin.slotCapacity - bin.slotsInUse));
                inUse += bin.bytesInUse;
                usable += bin.slotsInUse * bin.slotSize();
                live += bin.slotsInUse;
            } finally {
                bin.lock.unlock();
            }
        }
        largeLock.lock();
        try {
            long free = region.freeBytes();
            long largest = region.largestFree();
            double fragmentation = free == 0 ? 0.0 : 1.0 - (double) largest / free;
            return new Stats(
                    name,
                    (long) chunks.size() * chunkSize,
                    chunks.size(),
                    inUse + largeBytesInUse,
                    usable + largeUsableInUse,
                    live + largeBlocks,
                    free,
                    largest,
                    region.freeSpanCount(),
                    fragmentation,
                    List.copyOf(classes));
        } finally {
            largeLock.unlock();
        }
    }

    public String name() {
        return name;
    }

    /** The largest request accepted: one chunk. */
    public long maxBlockSize() {
        return chunkSize;
    }

    /** The reclaimer {@link #freeDeferred(Block)} uses, or null. */
    public EpochReclaimer reclaimer() {
        return reclaimer;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Releases all memory at once; every block becomes invalid and its segment inaccessible.
     * Idempotent. Does not close the reclaimer.
     */
    @Override
    public void close() {
        for (SmallBin bin : bins) {
            bin.lock.lock();
        }
        largeLock.lock();
        try {
            if (!closed) {
                closed = true;
                arena.close();
            }
        } finally {
            largeLock.unlock();
            for (int i = bins.length - 1; i >= 0; i--) {
                bins[i].lock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "SlabAllocator[" + name + (closed ? ", closed]" : "]");
    }

    /** Configures a {@link SlabAllocator}. */
    public static final class Builder {
        private String name;
        private long chunkSize = DEFAULT_CHUNK_SIZE;
        private long maxReservedBytes = Long.MAX_VALUE;
        private boolean poison;
        private byte poisonByte;
        private EpochReclaimer reclaimer;

        private Builder() {}

        /** The name used in every error message and in {@link Stats}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Bytes reserved at a time; a multiple of 4096, at least {@value #SLAB_SIZE}; the largest block. */
        public Builder chunkSize(long chunkSize) {
            if (chunkSize < SLAB_SIZE || chunkSize % CHUNK_ALIGNMENT != 0) {
                throw new IllegalArgumentException("chunkSize must be a multiple of " + CHUNK_ALIGNMENT
                        + " and at least " + SLAB_SIZE + ", got " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /** The most bytes the allocator may reserve; beyond it allocation throws (default unbounded). */
        public Builder maxReservedBytes(long maxReservedBytes) {
            if (maxReservedBytes < 1) {
                throw new IllegalArgumentException("maxReservedBytes must be positive, got " + maxReservedBytes);
            }
            this.maxReservedBytes = maxReservedBytes;
            return this;
        }

        /** Fills each freed block with {@code pattern} before its memory is reused (a debugging aid). */
        public Builder poisonOnFree(byte pattern) {
            this.poison = true;
            this.poisonByte = pattern;
            return this;
        }

        /** The reclaimer that {@link #freeDeferred(Block)} defers through; not closed by the allocator. */
        public Builder reclaimer(EpochReclaimer reclaimer) {
            this.reclaimer = Objects.requireNonNull(reclaimer, "reclaimer");
            return this;
        }

        public SlabAllocator build() {
            return new SlabAllocator(this);
        }
    }
}
