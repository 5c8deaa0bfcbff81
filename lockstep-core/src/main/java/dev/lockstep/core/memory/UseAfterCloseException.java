package dev.lockstep.core.memory;

/**
 * An allocator, arena or reclaimer was used after {@code close()}. Access to a memory segment of a
 * closed allocator or arena fails separately, with the JDK's {@link IllegalStateException}, because
 * closing releases the {@link java.lang.foreign.Arena} that backs it.
 */
public final class UseAfterCloseException extends MemoryException {
    public UseAfterCloseException(String message) {
        super(message);
    }
}
