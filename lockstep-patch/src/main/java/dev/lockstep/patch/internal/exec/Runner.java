package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.compile.ProgramIr;
import dev.lockstep.patch.internal.compile.Schedule;
import dev.lockstep.patch.internal.ir.EventBuffer;
import dev.lockstep.patch.internal.ir.EventReader;
import dev.lockstep.patch.internal.ir.FieldCall;
import dev.lockstep.patch.internal.ir.Instance;
import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.ir.Node;
import dev.lockstep.patch.internal.ir.Sources;
import dev.lockstep.patch.internal.ir.StateSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * The materializer: binds one {@link ProgramIr} to its banks and runs it tick by tick. It owns the
 * signal bank (float64), the field bank (one float32 buffer per field node), the event buffers, the
 * state (scalar state in one float64 array, field state one float32 array per slot) and the steps
 * linked against them. It calls the three kernel layers (opcodes and signal kernels through signal
 * steps, field kernels through field steps) and the {@link RenderAssembler}; it never dispatches on a
 * type or looks up a name in the tick.
 *
 * <p>One tick ({@link #tick}), in order: sample the external inputs; resolve time (tMs, dt, phases,
 * wrap and pulse events, palette, energy); run the schedule (sources, computes, then events and what
 * depends on them); assemble the render frame; write state. Stable nodes (constants and parameters
 * only) ran once, at {@link #prepare}, and are not in the tick.
 *
 * <p>Threading: one thread runs a runner's ticks. Field steps run in segments ({@link Segments}):
 * with workers, a segment's lanes (and the render assembly's) are split into ranges run in
 * parallel on lockstep-core's engine ({@link LaneRunner}); kernels are lane-local, so the bits are
 * the same for every worker count. No allocation in a tick on one thread once the first tick has
 * run ({@code NoAllocationTest}).
 */
public final class Runner {
    public final ProgramIr program;
    final double[] s;
    final float[][] f;
    final EventBuffer[] e;
    final double[] scalarState;
    final float[][] fieldState;
    final int[] scalarStateOffset;
    final double[] inputs;
    final RuntimeErrors errors;
    long tick;
    private final Steps.Step[] stableSteps;
    private final Steps.Step[] tickSteps;
    private final Steps.Step[] flatSteps;
    private final int[][] stateWritePlan;
    private final RenderAssembler assembler;
    private final LaneRunner lanes;
    private final Tracer tracer;
    private boolean prepared;

    // time
    private double prevTAbs = Double.NaN;
    private double tMs;
    private final double periodA;
    private final double periodB;
    private final int[] timeOffset = new int[Sources.TIME_COUNT];
    private final EventBuffer[] timeEvents = new EventBuffer[3];
    private final int[] externalOffset;
    private final int[] externalStride;

    public static final int EVENT_CAPACITY = 256;

    public Runner(ProgramIr program, RuntimeErrors errors, LaneRunner lanes, Tracer tracer, long seed) {
        this.program = program;
        this.errors = errors;
        this.lanes = lanes;
        this.tracer = tracer;
        IrBuilder ir = program.ir();
        Schedule sc = program.schedule();
        s = new double[sc.sigSize];
        f = new float[sc.fieldCount][];
        e = new EventBuffer[sc.eventCount];
        periodA = program.options().fixedPeriods() ? 4000 : ir.periodAMs;
        periodB = program.options().fixedPeriods() ? 8000 : ir.periodBMs;
        java.util.Arrays.fill(timeOffset, -1);
        for (Node n : ir.nodes()) {
            if (sc.fieldIndex[n.id] >= 0) {
                f[sc.fieldIndex[n.id]] =
                        new float[ir.instances().get(n.instance).count() * n.stride];
            }
            if (sc.eventIndex[n.id] >= 0) {
                e[sc.eventIndex[n.id]] = new EventBuffer(EVENT_CAPACITY);
            }
        }
        // state
        List<StateSlot> slots = ir.stateSlots();
        scalarStateOffset = new int[slots.size()];
        fieldState = new float[slots.size()][];
        int off = 0;
        for (StateSlot st : slots) {
            if (st.field()) {
                int n = ir.instances().get(st.instance()).count();
                fieldState[st.index()] = new float[n * st.stride()];
                scalarStateOffset[st.index()] = -1;
            } else {
                scalarStateOffset[st.index()] = off;
                off += st.stride();
            }
        }
        scalarState = new double[off];
        resetState();
        // external channels
        externalOffset = new int[ir.channels().size()];
        externalStride = new int[ir.channels().size()];
        java.util.Arrays.fill(externalOffset, -1);
        int total = 0;
        for (int i = 0; i < externalStride.length; i++) {
            externalStride[i] = 1;
        }
        for (Node n : ir.nodes()) {
            if (n.op == Sources.EXTERNAL && sc.sigOffset[n.id] >= 0) {
                externalOffset[(int) n.k[0]] = sc.sigOffset[n.id];
                externalStride[(int) n.k[0]] = n.stride;
            }
        }
        for (int st : externalStride) {
            total += st;
        }
        inputs = new double[Math.max(total, 1)];
        List<Steps.Step> stable = new ArrayList<>();
        for (Node n : sc.stable) {
            link(n, stable, seed);
        }
        List<Steps.Step> ticked = new ArrayList<>();
        for (Node n : sc.tick) {
            link(n, ticked, seed);
        }
        stableSteps = stable.toArray(new Steps.Step[0]);
        flatSteps = ticked.toArray(new Steps.Step[0]); // step numbers (Step.index) are positions here
        tickSteps = Segments.group(ticked, program.schedule());
        List<int[]> plan = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            int w = ir.stateWrites().get(i);
            if (w >= 0) {
                Node wn = ir.node(w);
                int src = wn.kind == Node.Kind.FIELD ? sc.fieldIndex[w] : sc.sigOffset[w];
                plan.add(new int[] {
                    i, wn.kind == Node.Kind.FIELD ? 1 : 0, src, slots.get(i).stride()
                });
            }
        }
        stateWritePlan = plan.toArray(new int[0][]); // an array, not a list: no iterator in the tick
        assembler = new RenderAssembler(this);
    }

    /** Turns on the continuity low-pass of render positions (time constant in ms; NaN: off). */
    public void continuity(double tauMs) {
        assembler.slewTauMs = tauMs;
    }

    /** Sets every state slot to its initial value. */
    public void resetState() {
        for (StateSlot st : program.ir().stateSlots()) {
            if (st.field()) {
                float[] a = fieldState[st.index()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) st.initial()[i % st.stride()];
                }
            } else {
                System.arraycopy(st.initial(), 0, scalarState, scalarStateOffset[st.index()], st.stride());
            }
        }
    }

    private void link(Node n, List<Steps.Step> out, long seed) {
        Schedule sc = program.schedule();
        IrBuilder ir = program.ir();
        int index = out.size();
        if (n.op == Sources.TIME) {
            timeOffset[(int) n.k[0]] = sc.sigOffset[n.id];
            return; // written by resolveTime
        }
        if (n.op == Sources.TIME_EVENT) {
            timeEvents[(int) n.k[0]] = e[sc.eventIndex[n.id]];
            return;
        }
        if (n.op == Sources.EXTERNAL) {
            return; // written by sampleInputs
        }
        if (n.op == Sources.STATE_READ) {
            out.add(new Steps.StateRead(index, n, scalarStateOffset[(int) n.k[0]], sc.sigOffset[n.id]));
            return;
        }
        if (n.op == Sources.FIELD_STATE_READ) {
            out.add(new Steps.FieldStateRead(index, n, (int) n.k[0], f[sc.fieldIndex[n.id]]));
            return;
        }
        switch (n.kind) {
            case SIGNAL -> {
                if (n.op instanceof EventReader) { // hook for event-reading signals (pblocks helper)
                    out.add(Steps.EventSig.link(index, n, sc, e, ir));
                    return;
                }
                int[] in = new int[n.args.length];
                for (int i = 0; i < in.length; i++) {
                    in[i] = sc.sigOffset[n.args[i]];
                }
                out.add(new Steps.Sig(index, n, sc.sigOffset[n.id], in));
            }
            case FIELD -> out.add(fieldStep(index, n, ir, sc, seed));
            case EVENT -> {
                List<EventBuffer> evIn = new ArrayList<>();
                List<Integer> sigIn = new ArrayList<>();
                for (int a : n.args) {
                    Node an = ir.node(a);
                    if (an.kind == Node.Kind.EVENT) {
                        evIn.add(e[sc.eventIndex[a]]);
                    } else {
                        sigIn.add(sc.sigOffset[a]);
                    }
                }
                out.add(new Steps.Event(
                        index,
                        n,
                        e[sc.eventIndex[n.id]],
                        evIn.toArray(new EventBuffer[0]),
                        sigIn.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
    }

    private Steps.Step fieldStep(int index, Node n, IrBuilder ir, Schedule sc, long seed) {
        Instance inst = ir.instances().get(n.instance);
        FieldCall call = new FieldCall();
        call.out = f[sc.fieldIndex[n.id]];
        call.n = inst.count();
        call.stride = n.stride;
        call.k = n.k;
        call.instance = inst;
        call.ids = inst.elementIds();
        call.seed = seed ^ Steps.Step.blockOf(n).hashCode() * 0x9E3779B97F4A7C15L;
        List<float[]> fin = new ArrayList<>();
        List<Integer> fst = new ArrayList<>();
        List<Integer> sigIn = new ArrayList<>();
        List<Integer> sigStride = new ArrayList<>();
        int svLen = 0;
        for (int a : n.args) {
            Node an = ir.node(a);
            if (an.kind == Node.Kind.FIELD) {
                fin.add(f[sc.fieldIndex[a]]);
                fst.add(an.stride);
            } else {
                sigIn.add(sc.sigOffset[a]);
                sigStride.add(an.stride);
                svLen += an.stride;
            }
        }
        call.in = fin.toArray(new float[0][]);
        call.inStride = fst.stream().mapToInt(Integer::intValue).toArray();
        call.sv = new double[svLen];
        if (n.op == Sources.INTRINSIC) {
            return new Steps.Field(index, n, call, new int[0], new int[0]) {
                @Override
                void run(Runner r) {
                    Intrinsics.fill((int) node.k[0], call);
                }
            };
        }
        return new Steps.Field(
                index,
                n,
                call,
                sigIn.stream().mapToInt(Integer::intValue).toArray(),
                sigStride.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Runs the stable steps (once per revision); the first tick does it if nobody did. */
    public void prepare() {
        if (!prepared) {
            for (Steps.Step st : stableSteps) {
                st.run(this);
            }
            prepared = true;
        }
    }

    LaneRunner lanes() {
        return lanes;
    }

    void runSegment(Steps.Segment seg) {
        lanes.run(seg);
    }

    void runLanes(Steps.Field step) {
        lanes.run(step.op, step.call);
    }

    /** The time state a hot swap carries over: previous tAbs and tMs. */
    public double[] timeState() {
        return new double[] {prevTAbs, tMs};
    }

    public void timeState(double[] t, long tick) {
        this.prevTAbs = t[0];
        this.tMs = t[1];
        this.tick = tick;
    }

    public long tickNumber() {
        return tick;
    }

    /** Where channel {@code c}'s values start in {@link #inputs()}. */
    public int inputOffset(int c) {
        int off = 0;
        for (int i = 0; i < c; i++) {
            off += externalStride[i];
        }
        return off;
    }

    /** Channel {@code c}'s number of components. */
    public int inputStride(int c) {
        return externalStride[c];
    }

    /** The block id of a tick step (precomputed at link time). */
    public String tickStepBlock(int step) {
        return flatSteps[step].block;
    }

    /** The external input values, channel by channel (each channel's stride values in turn). */
    public double[] inputs() {
        return inputs;
    }

    /** One tick at absolute time {@code tAbsMs}; fills {@code frame}. See the class comment for the order. */
    public void tick(double tAbsMs, FrameData frame) {
        prepare();
        sampleInputs();
        resolveTime(tAbsMs);
        Steps.Step[] steps = tickSteps;
        if (tracer.on()) {
            tracer.beginTick(tick);
            for (Steps.Step st : steps) {
                st.run(this);
                st.traced(this, tracer);
            }
        } else {
            for (Steps.Step st : steps) {
                st.run(this);
            }
        }
        frame.frame = tick;
        frame.tAbsMs = tAbsMs;
        frame.tMs = tMs;
        assembler.assemble(frame);
        writeState();
        tick++;
    }

    private void sampleInputs() {
        int j = 0;
        for (int c = 0; c < externalOffset.length; c++) {
            int off = externalOffset[c];
            for (int k = 0; k < externalStride[c]; k++, j++) {
                if (off >= 0) {
                    s[off + k] = inputs[j];
                }
            }
        }
    }

    private void resolveTime(double tAbs) {
        double dt = Double.isNaN(prevTAbs) ? 0 : tAbs - prevTAbs;
        double prevT = tMs;
        boolean first = Double.isNaN(prevTAbs);
        tMs = Math.max(tAbs, first ? 0 : tMs); // monotonic: time never runs backwards
        prevTAbs = tAbs;
        double phaseA = wrap01(tMs / periodA);
        double phaseB = wrap01(tMs / periodB);
        put(Sources.TIME_MS, tMs);
        put(Sources.TIME_DT, dt);
        put(Sources.TIME_PHASE_A, phaseA);
        put(Sources.TIME_PHASE_B, phaseB);
        put(Sources.TIME_ENERGY, 0.5 + 0.5 * Math.sin(FieldKernels.TAU * phaseA));
        int pal = timeOffset[Sources.TIME_PALETTE];
        if (pal >= 0) {
            float[] rgba = paletteScratch;
            Colors.hsvToRgb(phaseA, 1, 0.5, rgba, 0);
            for (int c = 0; c < 4; c++) {
                s[pal + c] = rgba[c];
            }
        }
        // events: 0 wrap of phase A, 1 wrap of phase B, 2 pulse (every tick)
        for (EventBuffer b : timeEvents) {
            if (b != null) {
                b.count = 0;
            }
        }
        if (timeEvents[0] != null && !first && Math.floor(tMs / periodA) > Math.floor(prevT / periodA)) {
            timeEvents[0].add(0, Math.floor(tMs / periodA));
        }
        if (timeEvents[1] != null && !first && Math.floor(tMs / periodB) > Math.floor(prevT / periodB)) {
            timeEvents[1].add(0, Math.floor(tMs / periodB));
        }
        if (timeEvents[2] != null) {
            timeEvents[2].add(0, 1);
        }
    }

    private final float[] paletteScratch = new float[4];

    private void put(int which, double v) {
        int off = timeOffset[which];
        if (off >= 0) {
            s[off] = v;
        }
    }

    private static double wrap01(double x) {
        double r = x % 1;
        return r < 0 ? r + 1 : r;
    }

    private void writeState() {
        for (int[] w : stateWritePlan) {
            int slot = w[0];
            if (w[1] == 1) {
                float[] src = f[w[2]];
                System.arraycopy(src, 0, fieldState[slot], 0, src.length);
            } else {
                System.arraycopy(s, w[2], scalarState, scalarStateOffset[slot], w[3]);
            }
        }
    }

    // ---- access for migration, trace and attribution ----

    public double[] signalBank() {
        return s;
    }

    public float[] fieldBuffer(int nodeId) {
        int i = program.schedule().fieldIndex[nodeId];
        return i < 0 ? null : f[i];
    }

    public double[] scalarState() {
        return scalarState;
    }

    public int scalarStateOffset(int slot) {
        return scalarStateOffset[slot];
    }

    public float[] fieldState(int slot) {
        return fieldState[slot];
    }

    public int tickStepCount() {
        return flatSteps.length;
    }

    /** The node a tick step computes. */
    public Node tickStepNode(int step) {
        return flatSteps[step].node;
    }
}
