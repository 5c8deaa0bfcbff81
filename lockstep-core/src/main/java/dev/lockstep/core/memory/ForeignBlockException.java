package dev.lockstep.core.memory;

/**
 * A block was freed to an allocator that did not allocate it, or an object was released to a pool
 * that never created it. The message names both owners where they are known.
 */
public final class ForeignBlockException extends MemoryException {
    public ForeignBlockException(String message) {
        super(message);
    }
}
