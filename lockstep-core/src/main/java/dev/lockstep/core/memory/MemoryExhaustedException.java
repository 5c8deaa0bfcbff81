package dev.lockstep.core.memory;

/**
 * An allocator could not serve a request without reserving more memory than its configured limit
 * ({@link SlabAllocator.Builder#maxReservedBytes(long)}).
 */
public final class MemoryExhaustedException extends MemoryException {
    public MemoryExhaustedException(String message) {
        super(message);
    }
}
