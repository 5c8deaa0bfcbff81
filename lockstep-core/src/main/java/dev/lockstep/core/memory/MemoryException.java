package dev.lockstep.core.memory;

import dev.lockstep.core.LockstepException;

/**
 * Root of the memory package's errors: misuse of a pool, an allocator, an arena or a reclaimer.
 * Each subclass names one kind of misuse; every message names the pool, allocator or arena
 * involved and the offending object or block address.
 */
public class MemoryException extends LockstepException {
    public MemoryException(String message) {
        super(message);
    }

    public MemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
