package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.FieldCall;
import dev.lockstep.patch.internal.ir.FieldOp;

/**
 * Runs a field kernel over all lanes of a call: {@link #SEQUENTIAL} in one go; a parallel runner
 * (see {@code ParallelLanes}) splits lanes into contiguous ranges. Lane-local kernels write only their
 * own lanes, so every split gives the same bits.
 */
public interface LaneRunner {
    void run(FieldOp op, FieldCall call);

    /** Runs a whole lane range (a segment of field steps); sequentially unless overridden. */
    default void run(LaneRange range) {
        range.runRange(0, range.lanes());
    }

    LaneRunner SEQUENTIAL = (op, call) -> op.run(call, 0, call.n);
}
