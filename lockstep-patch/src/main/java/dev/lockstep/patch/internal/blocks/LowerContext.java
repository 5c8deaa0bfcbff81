package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.PatchException;
import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.types.PortType;

/**
 * What a block's lowering sees: its inputs as lowered values (already combined, adapted and typed),
 * its parameters, its resolved output types, and the IR builder. A lowering reads inputs, makes
 * nodes and declares each output once.
 */
public interface LowerContext {
    IrBuilder b();

    String blockId();

    String blockType();

    /** The value wired into an input (or its default); null only for an optional input left open. */
    Val in(String name);

    /** An input's value at compile time; an error naming the port if it varies per tick. */
    double constant(String name);

    /** A configuration parameter's value (its default if the patch does not set it). */
    Object param(String name);

    default double paramNumber(String name) {
        Object v = param(name);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    default String paramString(String name) {
        Object v = param(name);
        return v == null ? null : v.toString();
    }

    PortType outType(String name);

    void out(String name, Val v);

    /** The instance of this block's field inputs, or -1 when every input is a signal. */
    int instance();

    /** {@code v} as a field over {@code instance}: itself if it is one, else a broadcast of the signal. */
    Val asField(Val v, int instance);

    PatchException error(String port, String message);

    /**
     * Whether input {@code port} reads 0 under {@link CompileOptions#cameraSlotAliasing} (an Oscilla
     * bug reproduced for conformance only): it is fed by a constant and an equal constant of a block
     * with a smaller id owns the slot. Always false when the option is off.
     */
    boolean slotAliased(String port);

    /** The compile options (Oscilla compatibility switches). */
    CompileOptions options();

    /**
     * Runs {@code r} after every block has lowered, in this block's context: how a delaying block
     * reads its input (which may be lowered after it, on a cycle).
     */
    void later(Runnable r);
}
