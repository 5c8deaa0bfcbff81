package dev.lockstep.core.memory.internal;

import java.lang.foreign.MemorySegment;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The free spans of all chunks, for blocks above the largest size class and for new slabs. Not
 * thread-safe: the allocator calls it under its large-region lock.
 *
 * <p><b>Best fit.</b> Free spans are indexed by (size, address); an allocation takes the smallest
 * span at least as large as the request (lowest address among equals), splits it and returns the
 * remainder to the index. Best fit keeps large holes intact for large requests, where first fit would
 * nibble at whichever hole comes first (test {@code bestFitPicksTheSmallestAdequateHole}).
 *
 * <p><b>Coalescing.</b> Free spans are also indexed by address. A freed span merges with the free
 * span ending where it starts and the free span starting where it ends, if they lie in the same
 * chunk (chunks may happen to be adjacent in memory, but they are separate reservations). So no two
 * free spans are ever adjacent within a chunk (invariant, test {@code adjacentFreeBlocksCoalesce}).
 */
public final class LargeRegion {
    /** A free span of a chunk. */
    public record Span(Chunk chunk, long offset, long size) {
        public long address() {
            return chunk.address() + offset;
        }

        long end() {
            return address() + size;
        }
    }

    private static final Comparator<Span> BY_SIZE =
            Comparator.comparingLong(Span::size).thenComparingLong(Span::address);

    /** A chunk at the lowest address: a probe span built on it sorts first among spans of its size. */
    private static final Chunk PROBE = new Chunk(-1, MemorySegment.NULL, Long.MIN_VALUE);

    private final TreeSet<Span> bySize = new TreeSet<>(BY_SIZE);
    private final TreeMap<Long, Span> byAddress = new TreeMap<>();
    private long freeBytes;

    /** Adds a fresh chunk as one free span. */
    public void addChunk(Chunk chunk) {
        insert(new Span(chunk, 0, chunk.size()));
    }

    /**
     * Takes {@code size} bytes (a multiple of {@link SizeClasses#QUANTUM}) from the smallest free span
     * that holds them; returns the span taken, or null if no free span is large enough.
     */
    public Span allocate(long size) {
        Span fit = bySize.ceiling(new Span(PROBE, 0, size)); // smallest (size, address) >= (size, -inf)
        if (fit == null) {
            return null;
        }
        remove(fit);
        if (fit.size() > size) {
            insert(new Span(fit.chunk(), fit.offset() + size, fit.size() - size));
        }
        return new Span(fit.chunk(), fit.offset(), size);
    }

    /** Returns a span, merging it with free neighbours of the same chunk. */
    public void free(Chunk chunk, long offset, long size) {
        Span span = new Span(chunk, offset, size);
        Map.Entry<Long, Span> before = byAddress.lowerEntry(span.address());
        if (before != null
                && before.getValue().chunk() == chunk
                && before.getValue().end() == span.address()) {
            Span b = before.getValue();
            remove(b);
            span = new Span(chunk, b.offset(), b.size() + span.size());
        }
        Span after = byAddress.get(span.end());
        if (after != null && after.chunk() == chunk) {
            remove(after);
            span = new Span(chunk, span.offset(), span.size() + after.size());
        }
        insert(span);
    }

    public long freeBytes() {
        return freeBytes;
    }

    public long largestFree() {
        return bySize.isEmpty() ? 0 : bySize.last().size();
    }

    public int freeSpanCount() {
        return bySize.size();
    }

    private void insert(Span span) {
        bySize.add(span);
        byAddress.put(span.address(), span);
        freeBytes += span.size();
    }

    private void remove(Span span) {
        bySize.remove(span);
        byAddress.remove(span.address());
        freeBytes -= span.size();
    }
}
