package dev.lockstep.patch.internal.ir;

/**
 * An operation a node applies. Every op is a singleton (or a small value made once per distinct
 * parameterisation), compared by identity in the hash-consing key, so two nodes with the same op,
 * arguments and constants are one node. {@link #name()} is for traces, attribution and errors only;
 * the tick never looks at it.
 */
public interface Op {
    String name();

    /** Whether this op reads something besides its arguments that changes per tick (time, input, state). */
    default boolean source() {
        return false;
    }
}
