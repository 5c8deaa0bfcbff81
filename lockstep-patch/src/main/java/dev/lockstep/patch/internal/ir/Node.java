package dev.lockstep.patch.internal.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One expression of the IR: an op over argument nodes and constants, producing a signal (one value
 * of {@link #stride} floats), a field (one value per lane of {@link #instance}) or an event buffer.
 *
 * <p>Identity: two nodes are the same expression when their kind, op, arguments, constants, instance
 * and stride are equal; {@link IrBuilder} keeps one node per identity (hash-consing), so a shared
 * subexpression gets one slot and one step. The attribution fields ({@link #origins}) are not part of
 * the identity: a node made by two blocks remembers both.
 *
 * <p>{@link #varying} is decided once, when the node is made: a node varies when its op is a source
 * (time, external input, state read, event) or an argument varies. A node that does not vary depends
 * only on constants and parameters; it is computed once per program revision (see {@code
 * StableCache}), never per tick.
 */
public final class Node {
    public enum Kind {
        SIGNAL,
        FIELD,
        EVENT
    }

    public final int id;
    public final Kind kind;
    public final Op op;
    public final int[] args;
    public final double[] k;
    /** The instance (domain) a field node runs over, or -1. */
    public final int instance;
    /** Floats per lane (signals and fields); 0 for events. */
    public final int stride;

    public final boolean varying;
    /** "blockId.port" of every block output or step this node stands for, first one first. */
    public final List<String> origins = new ArrayList<>(1);

    Node(int id, Kind kind, Op op, int[] args, double[] k, int instance, int stride, boolean varying) {
        this.id = id;
        this.kind = kind;
        this.op = op;
        this.args = args;
        this.k = k;
        this.instance = instance;
        this.stride = stride;
        this.varying = varying;
    }

    /** The hash-consing key of this node's identity. */
    record Key(Kind kind, Op op, List<Integer> args, List<Long> k, int instance, int stride) {
        static Key of(Kind kind, Op op, int[] args, double[] k, int instance, int stride) {
            List<Integer> a = Arrays.stream(args).boxed().toList();
            List<Long> c = Arrays.stream(k)
                    .mapToLong(Double::doubleToRawLongBits)
                    .boxed()
                    .toList();
            return new Key(kind, op, a, c, instance, stride);
        }
    }

    @Override
    public String toString() {
        return "n" + id + "=" + op.name() + Arrays.toString(args) + (k.length == 0 ? "" : Arrays.toString(k))
                + (kind == Kind.FIELD ? "@i" + instance : "");
    }
}
