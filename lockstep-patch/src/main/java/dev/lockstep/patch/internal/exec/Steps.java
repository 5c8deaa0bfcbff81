package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.EventBuffer;
import dev.lockstep.patch.internal.ir.EventOp;
import dev.lockstep.patch.internal.ir.EventReader;
import dev.lockstep.patch.internal.ir.FieldCall;
import dev.lockstep.patch.internal.ir.FieldOp;
import dev.lockstep.patch.internal.ir.Node;
import dev.lockstep.patch.internal.ir.SigOp;

/**
 * The step kinds a runner executes, each bound at link time to the runner's arrays (no lookup in the
 * tick). A step checks its own output for non-finite values and reports them (see {@link
 * RuntimeErrors}); the check is one pass over what it just wrote.
 */
final class Steps {
    private Steps() {}

    abstract static class Step {
        final int index;
        final Node node;
        final String block;

        Step(int index, Node node) {
            this.index = index;
            this.node = node;
            this.block = node == null ? "" : blockOf(node);
        }

        abstract void run(Runner r);

        /** Tells the tracer what this step computed (a segment tells it each of its steps). */
        void traced(Runner r, Tracer t) {
            t.after(r, index, node);
        }

        static String blockOf(Node n) {
            String o = n.origins.isEmpty() ? "?" : n.origins.get(0);
            int dot = o.indexOf('.');
            int colon = o.indexOf(':');
            int end = dot < 0 ? colon : (colon < 0 ? dot : Math.min(dot, colon));
            return end < 0 ? o : o.substring(0, end);
        }
    }

    static final class Sig extends Step {
        private final SigOp op;
        private final int out;
        private final int[] in;
        private final double[] k;
        private final int stride;
        private final boolean division;

        Sig(int index, Node node, int out, int[] in) {
            super(index, node);
            this.op = (SigOp) node.op;
            this.out = out;
            this.in = in;
            this.k = node.k;
            this.stride = node.stride;
            this.division = op == Opcodes.DIV.sig(node.stride) || op == Opcodes.MOD.sig(node.stride);
        }

        @Override
        void run(Runner r) {
            double[] s = r.s;
            op.eval(s, out, in, k);
            for (int c = 0; c < stride; c++) {
                double v = s[out + c];
                if (v - v != 0) { // NaN or infinity (finite values give exactly 0)
                    checkSlowPath(r, c, v);
                }
            }
        }

        private void checkSlowPath(Runner r, int c, double v) {
            int kind;
            if (division && r.s[in[1] + c] == 0) {
                kind = RuntimeErrors.DIVISION_BY_ZERO;
            } else {
                kind = Double.isNaN(v) ? RuntimeErrors.NAN_PRODUCED : RuntimeErrors.INFINITY_PRODUCED;
            }
            r.errors.report(kind, block, index, r.tick, node.op.name() + " gave " + v + "; 0 used");
            r.s[out + c] = 0;
        }
    }

    static class Field extends Step {
        final FieldOp op;
        final FieldCall call;
        private final int[] sigIn;
        private final int[] sigStride;
        private final boolean division;

        Field(int index, Node node, FieldCall call, int[] sigIn, int[] sigStride) {
            super(index, node);
            this.op = node.op instanceof FieldOp fo ? fo : null; // null: an intrinsic, filled by its own run()
            this.call = call;
            this.sigIn = sigIn;
            this.sigStride = sigStride;
            this.division = op == FieldKernels.zip(Opcodes.DIV) || op == FieldKernels.zip(Opcodes.MOD);
        }

        @Override
        void run(Runner r) {
            refresh(r.s);
            r.runLanes(this);
            check(r);
        }

        /** Copies this step's signal arguments from the signal bank into the call (before any lanes run). */
        final void refresh(double[] s) {
            double[] sv = call.sv;
            int j = 0;
            for (int a = 0; a < sigIn.length; a++) {
                int off = sigIn[a];
                for (int c = 0; c < sigStride[a]; c++) {
                    sv[j++] = s[off + c];
                }
            }
        }

        /** Reports and zeroes non-finite lanes of the output (after all lanes ran). */
        final void check(Runner r) {
            float[] out = call.out;
            int end = call.n * call.stride;
            for (int i = 0; i < end; i++) {
                float v = out[i];
                if (v - v != 0) { // NaN or infinity (finite values give exactly 0)
                    checkSlowPath(r, i, v);
                    return;
                }
            }
        }

        /** Whether lanes [from, to) of the output are all finite (checked while they are in cache). */
        final boolean finite(int from, int to) {
            float[] out = call.out;
            int st = call.stride;
            boolean ok = true;
            for (int i = from * st, end = to * st; i < end; i++) {
                float v = out[i];
                ok &= v - v == 0;
            }
            return ok;
        }

        boolean chunkable() {
            return op != null && op.laneLocal();
        }

        private void checkSlowPath(Runner r, int first, float v) {
            int bad = 0;
            float[] out = call.out;
            int end = call.n * call.stride;
            int kind = Float.isNaN(v) ? RuntimeErrors.NAN_PRODUCED : RuntimeErrors.INFINITY_PRODUCED;
            if (division) {
                float[] d = call.in[1];
                for (int i = first; i < end; i++) {
                    if (d[i] == 0 && out[i] - out[i] != 0) {
                        kind = RuntimeErrors.DIVISION_BY_ZERO;
                        break;
                    }
                }
            }
            for (int i = first; i < end; i++) {
                if (out[i] - out[i] != 0) {
                    out[i] = 0;
                    bad++;
                }
            }
            r.errors.report(
                    kind,
                    block,
                    index,
                    r.tick,
                    op.name() + " gave " + v + " in " + bad + " of " + end + " lanes (first lane " + first / call.stride
                            + "); 0 used");
        }
    }

    /**
     * Consecutive lane-local field steps over one instance, run lane chunk by lane chunk: for each
     * chunk of {@link #CHUNK} lanes every step runs in order, so a chunk's buffers stay in cache
     * between steps, and a parallel lane runner forks once per segment instead of once per step.
     * Same bits as running the steps one after another: each step is lane-local, and a lane of a
     * step reads only the same lane of earlier steps (invariant checked in {@code Segments}).
     */
    static final class Segment extends Step implements LaneRange {
        static final int CHUNK = 2048;
        final Field[] steps;
        private final int lanes;

        /** Per step: a lane range found a non-finite value (set by the ranges, cleared by run). */
        private final boolean[] bad;

        Segment(Field[] steps) {
            super(steps[0].index, steps[0].node);
            this.steps = steps;
            this.bad = new boolean[steps.length];
            this.lanes = steps[0].call.n;
        }

        @Override
        void run(Runner r) {
            double[] s = r.s;
            for (Field f : steps) {
                f.refresh(s);
            }
            r.runSegment(this);
            for (int k = 0; k < steps.length; k++) {
                if (bad[k]) {
                    bad[k] = false;
                    steps[k].check(r); // the slow path reports on the ticking thread
                }
            }
        }

        @Override
        public int lanes() {
            return lanes;
        }

        @Override
        public void runRange(int from, int to) {
            for (int a = from; a < to; a += CHUNK) {
                int b = Math.min(to, a + CHUNK);
                for (Field f : steps) {
                    f.op.run(f.call, a, b);
                }
                for (int k = 0; k < steps.length; k++) {
                    if (!steps[k].finite(a, b)) {
                        bad[k] = true; // read by the ticking thread after the join (happens-before)
                    }
                }
            }
        }

        @Override
        void traced(Runner r, Tracer t) {
            for (Field f : steps) {
                t.after(r, f.index, f.node);
            }
        }
    }

    static final class Event extends Step {
        private final EventOp op;
        private final EventBuffer out;
        private final EventBuffer[] in;
        private final int[] sigIn;

        Event(int index, Node node, EventBuffer out, EventBuffer[] in, int[] sigIn) {
            super(index, node);
            this.op = (EventOp) node.op;
            this.out = out;
            this.in = in;
            this.sigIn = sigIn;
        }

        @Override
        void run(Runner r) {
            out.count = 0;
            if (!op.eval(out, in, r.s, sigIn, node.k)) {
                r.errors.report(
                        RuntimeErrors.BUFFER_OVERFLOW,
                        block,
                        index,
                        r.tick,
                        op.name() + ": more than " + out.capacity()
                                + " events in one tick; the rest were not delivered");
            }
        }
    }

    /** Copies a scalar state slot into the signal bank (the state's value as the tick starts). */
    static final class StateRead extends Step {
        private final int from;
        private final int to;
        private final int stride;

        StateRead(int index, Node node, int from, int to) {
            super(index, node);
            this.from = from;
            this.to = to;
            this.stride = node.stride;
        }

        @Override
        void run(Runner r) {
            System.arraycopy(r.scalarState, from, r.s, to, stride);
        }
    }

    static final class FieldStateRead extends Step {
        private final int slot;
        private final float[] to;

        FieldStateRead(int index, Node node, int slot, float[] to) {
            super(index, node);
            this.slot = slot;
            this.to = to;
        }

        @Override
        void run(Runner r) {
            float[] st = r.fieldState[slot];
            System.arraycopy(st, 0, to, 0, st.length);
        }
    }

    /** A signal read from events and signals ({@link EventReader}): a mask, a sample and hold, a sum. */
    static final class EventSig extends Step {
        private final EventReader op;
        private final int out;
        private final int[] in;
        private final EventBuffer[] ev;

        private EventSig(int index, Node node, int out, int[] in, EventBuffer[] ev) {
            super(index, node);
            this.op = (EventReader) node.op;
            this.out = out;
            this.in = in;
            this.ev = ev;
        }

        static EventSig link(
                int index,
                Node n,
                dev.lockstep.patch.internal.compile.Schedule sc,
                EventBuffer[] e,
                dev.lockstep.patch.internal.ir.IrBuilder ir) {
            int[] in = new int[n.args.length];
            EventBuffer[] ev = new EventBuffer[n.args.length];
            for (int i = 0; i < in.length; i++) {
                int a = n.args[i];
                if (ir.node(a).kind == Node.Kind.EVENT) {
                    in[i] = -1;
                    ev[i] = e[sc.eventIndex[a]];
                } else {
                    in[i] = sc.sigOffset[a];
                }
            }
            return new EventSig(index, n, sc.sigOffset[n.id], in, ev);
        }

        @Override
        void run(Runner r) {
            op.eval(r.s, out, in, ev, node.k);
        }
    }
}
