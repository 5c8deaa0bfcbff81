package dev.lockstep.patch;

import dev.lockstep.patch.internal.compile.ProgramIr;
import java.util.List;

/**
 * A compiled patch: immutable, shareable between players, made by {@link PatchCompiler}. Knows its
 * revision number, source, block order and the compiler's diagnostics (non-fatal notes).
 */
public final class PatchProgram {
    final ProgramIr ir;
    final Patch patch;
    final Compatibility compatibility;

    PatchProgram(ProgramIr ir, Patch patch, Compatibility compatibility) {
        this.ir = ir;
        this.patch = patch;
        this.compatibility = compatibility;
    }

    public long revision() {
        return ir.revision();
    }

    public String source() {
        return ir.source();
    }

    public Patch patch() {
        return patch;
    }

    public Compatibility compatibility() {
        return compatibility;
    }

    /** Block ids in execution (lowering) order, derived blocks included. */
    public List<String> blockOrder() {
        return ir.order();
    }

    public List<String> diagnostics() {
        return ir.diagnostics();
    }

    /** Steps run every tick (stable expressions excluded). */
    public int tickSteps() {
        return ir.schedule().tick.size();
    }

    /** Expressions computed once per revision (constants and parameters only). */
    public int stableSteps() {
        return ir.schedule().stable.size();
    }

    /** External input channels the program reads (e.g. "mouse.x"), in channel order. */
    public List<String> inputChannels() {
        return ir.ir().channels();
    }
}
