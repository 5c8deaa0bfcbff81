package dev.lockstep.patch;

import dev.lockstep.core.LockstepException;

/**
 * A patch that cannot be loaded, compiled or run. The message names the block id and port (and,
 * while running, the step and tick), e.g. "block b7 (FieldPolarToCartesian) input 'angle': expected
 * a float, got a color from b12.color".
 *
 * <p>{@link #blockId()} and {@link #port()} repeat the location for tools; either is null where the
 * error has none (a file that is not JSON has no block).
 */
public class PatchException extends LockstepException {
    private final String blockId;
    private final String port;

    public PatchException(String message) {
        this(message, null, null);
    }

    public PatchException(String message, String blockId, String port) {
        super(message);
        this.blockId = blockId;
        this.port = port;
    }

    public PatchException(String message, Throwable cause) {
        super(message, cause);
        this.blockId = null;
        this.port = null;
    }

    /** The block the error is about, or null. */
    public String blockId() {
        return blockId;
    }

    /** The port (input, output or parameter name) the error is about, or null. */
    public String port() {
        return port;
    }
}
