package dev.lockstep.core.memory.internal;

import java.lang.foreign.MemorySegment;

/**
 * One region reserved from the allocator's arena. Its memory is released only when the arena closes.
 *
 * @param id order of reservation, used to keep spans of different chunks apart
 * @param segment the whole region
 * @param address its base address
 */
public record Chunk(int id, MemorySegment segment, long address) {
    public long size() {
        return segment.byteSize();
    }
}
