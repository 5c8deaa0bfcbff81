package dev.lockstep.core.memory;

/**
 * A freed block's {@link Block#segment()} was asked for, or a released {@link PooledRef} was read.
 * This is a best-effort check on the handle; an access through a segment obtained before the free
 * is not checked (see {@link SlabAllocator} for why, and for the poison option that exposes it).
 */
public final class UseAfterFreeException extends MemoryException {
    public UseAfterFreeException(String message) {
        super(message);
    }
}
