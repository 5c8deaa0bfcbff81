package dev.lockstep.core.memory;

/**
 * A block was freed (or retired) twice, or an object was released to its pool while the pool did
 * not consider it handed out. The message names the block address or object and its owner.
 */
public final class DoubleFreeException extends MemoryException {
    public DoubleFreeException(String message) {
        super(message);
    }
}
