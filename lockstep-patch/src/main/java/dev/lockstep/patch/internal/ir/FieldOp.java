package dev.lockstep.patch.internal.ir;

/**
 * A field kernel: computes lanes {@code [from, to)} of {@link FieldCall#out} from the call's field
 * arguments, signal arguments and constants. Lane-local kernels touch only their own lanes, which is
 * what lets the materializer split a field across workers and still produce the same bits. A kernel
 * that is not lane-local ({@link #laneLocal()} false) is always run whole, on one thread.
 */
public interface FieldOp extends Op {
    void run(FieldCall c, int from, int to);

    default boolean laneLocal() {
        return true;
    }
}
