package dev.lockstep.core.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scoped arena: bump allocation from retained chunks, everything freed at once by {@link #reset()}
 * or {@link #close()}. For per-request, per-frame or per-tick scratch memory.
 *
 * <pre>{@code
 * try (BumpArena scratch = BumpArena.create("frame")) {
 *     for (Frame f : frames) {
 *         MemorySegment buf = scratch.allocate(1024, 64);           // 64-byte aligned
 *         MemorySegment name = scratch.allocateFrom(f.name());      // any SegmentAllocator method
 *         render(f, buf, name);
 *         scratch.reset();                                           // buf and name are now invalid
 *     }
 * }
 * }</pre>
 *
 * <h2>Overview</h2>
 *
 * <p><b>What it owns.</b> Chunks of {@link #chunkSize()} bytes (64 KiB by default), each from its own
 * confined {@link Arena}, kept across resets so that a steady workload stops allocating; a cursor
 * (chunk index and offset) that only moves forward until reset; and a <em>generation</em> arena, a
 * confined arena that is the scope of every segment handed out since the last reset. A request that
 * does not fit in a chunk (size plus alignment slack above the chunk size) is allocated directly in
 * the generation arena and released at the next reset.
 *
 * <p><b>Invariants.</b> Segments of one generation never overlap; each starts at an address that is a
 * multiple of its alignment (absolute address, so alignments above the chunk's own alignment hold
 * too; test {@code allocationsAreAlignedAndDisjoint}). {@link #reset()} closes the generation arena,
 * so every segment handed out before it fails on access with the JDK's {@link IllegalStateException}
 * (test {@code segmentsFromBeforeResetAreInvalid}); the chunks stay and are reused. {@link #close()}
 * releases all memory. The handed-out segments are re-scoped views of chunk memory ({@link
 * MemorySegment#reinterpret(long, Arena, java.util.function.Consumer)}, a restricted method: run with
 * {@code --enable-native-access}, as {@code bin/lockstep} does, or the JDK prints a warning).
 *
 * <p><b>Threads.</b> Thread-confined, like {@link Arena#ofConfined()}: every method checks that it
 * runs on the creating thread and throws {@link WrongThreadException} otherwise, and the segments
 * themselves are confined (the JDK checks each access). There are no races to argue.
 *
 * <p>Memory is not zeroed: a segment reused after a reset holds old bytes. Use after close throws
 * {@link UseAfterCloseException} from this class and {@link IllegalStateException} from segments.
 */
public final class BumpArena implements SegmentAllocator, AutoCloseable {
    /** Default chunk size. */
    public static final long DEFAULT_CHUNK_SIZE = 64 * 1024;

    private static final long CHUNK_ALIGNMENT = 4096;

    private final String name;
    private final long chunkSize;
    private final Thread owner;
    private final List<Arena> chunkArenas = new ArrayList<>();
    private final List<MemorySegment> chunks = new ArrayList<>();
    private Arena generation = Arena.ofConfined();
    private int chunkIndex = -1; // -1: no chunk in use yet this generation
    private long base; // address of the current chunk
    private long offset; // bytes used in the current chunk
    private long allocatedBytes; // since the last reset
    private long oversizeBytes; // in the generation arena since the last reset
    private long resets;
    private boolean closed;

    private BumpArena(String name, long chunkSize) {
        this.name = name;
        this.chunkSize = chunkSize;
        this.owner = Thread.currentThread();
    }

    /** An arena with the default chunk size, confined to the calling thread. */
    public static BumpArena create() {
        return create(null, DEFAULT_CHUNK_SIZE);
    }

    public static BumpArena create(String name) {
        return create(Objects.requireNonNull(name, "name"), DEFAULT_CHUNK_SIZE);
    }

    /**
     * An arena confined to the calling thread.
     *
     * @param chunkSize bytes reserved at a time, at least 64
     */
    public static BumpArena create(String name, long chunkSize) {
        if (chunkSize < 64) {
            throw new IllegalArgumentException("chunkSize must be at least 64, got " + chunkSize);
        }
        return new BumpArena(name, chunkSize);
    }

    /**
     * Bumps out {@code byteSize} bytes aligned to {@code byteAlignment}; valid until the next reset.
     *
     * @throws IllegalArgumentException if the size is negative or the alignment not a power of two
     * @throws UseAfterCloseException if the arena is closed
     * @throws WrongThreadException if called from a thread other than the creator
     */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        checkUsable();
        if (byteSize < 0 || byteAlignment <= 0 || Long.bitCount(byteAlignment) != 1) {
            throw new IllegalArgumentException("arena '" + name() + "': invalid request of " + byteSize
                    + " bytes aligned to " + byteAlignment + " (size must be >= 0, alignment a power of two)");
        }
        if (chunkIndex >= 0) {
            long start = alignUp(base + offset, byteAlignment) - base;
            if (start + byteSize <= chunkSize) {
                offset = start + byteSize;
                allocatedBytes += byteSize;
                return view(base + start, byteSize);
            }
        }
        return allocateSlowPath(byteSize, byteAlignment);
    }

    /** The current chunk is full (or there is none): move to the next, or go oversize. */
    private MemorySegment allocateSlowPath(long byteSize, long byteAlignment) {
        if (byteSize + byteAlignment - 1 > chunkSize) {
            MemorySegment big = generation.allocate(byteSize, byteAlignment);
            oversizeBytes += byteSize;
            allocatedBytes += byteSize;
            return big;
        }
        chunkIndex++;
        if (chunkIndex == chunks.size()) {
            Arena arena = Arena.ofConfined();
            chunkArenas.add(arena);
            chunks.add(arena.allocate(chunkSize, CHUNK_ALIGNMENT));
        }
        base = chunks.get(chunkIndex).address();
        long start = alignUp(base, byteAlignment) - base; // fits: byteSize + alignment - 1 <= chunkSize
        offset = start + byteSize;
        allocatedBytes += byteSize;
        return view(base + start, byteSize);
    }

    @SuppressWarnings("restricted") // re-scoping chunk memory to the generation: see overview
    private MemorySegment view(long address, long byteSize) {
        return MemorySegment.ofAddress(address).reinterpret(byteSize, generation, null);
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /**
     * Frees everything at once: every segment handed out so far becomes inaccessible, and the chunks
     * are reused from the start.
     */
    public void reset() {
        checkUsable();
        generation.close();
        generation = Arena.ofConfined();
        chunkIndex = -1;
        offset = 0;
        allocatedBytes = 0;
        oversizeBytes = 0;
        resets++;
    }

    /** Releases the chunks not used since the last reset; returns the bytes released. */
    public long trim() {
        checkUsable();
        long released = 0;
        for (int i = chunks.size() - 1; i > chunkIndex; i--) {
            chunkArenas.remove(i).close();
            chunks.remove(i);
            released += chunkSize;
        }
        return released;
    }

    /** Releases all memory; every segment becomes inaccessible. Idempotent. */
    @Override
    public void close() {
        checkOwner();
        if (closed) {
            return;
        }
        closed = true;
        generation.close();
        for (Arena arena : chunkArenas) {
            arena.close();
        }
        chunkArenas.clear();
        chunks.clear();
    }

    private void checkUsable() {
        checkOwner();
        if (closed) {
            throw new UseAfterCloseException("arena '" + name() + "' was used after it was closed");
        }
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("arena '" + name() + "' is confined to thread " + owner
                    + " but was used from " + Thread.currentThread());
        }
    }

    public String name() {
        return name != null ? name : "BumpArena@" + Integer.toHexString(System.identityHashCode(this));
    }

    public long chunkSize() {
        return chunkSize;
    }

    /** Bytes handed out since the last reset (sizes asked for, without alignment padding). */
    public long allocatedBytes() {
        return allocatedBytes;
    }

    /** Bytes held: all chunks plus oversize allocations of this generation. */
    public long reservedBytes() {
        return chunks.size() * chunkSize + oversizeBytes;
    }

    /** Chunks held (retained across resets). */
    public int chunkCount() {
        return chunks.size();
    }

    /** How many times {@link #reset()} ran. */
    public long resets() {
        return resets;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "BumpArena[" + name() + (closed ? ", closed]" : ", " + allocatedBytes + " bytes]");
    }
}
