package dev.lockstep.patch.internal.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the IR of one program revision: nodes (hash-consed: asking for an expression that exists
 * returns the existing node), instances, state slots and writes, event keys, render sinks and the
 * camera. Blocks lower into it through {@code LowerContext}; the scheduler reads it afterwards.
 *
 * <p>{@link #origin} names the block output being lowered, so that each node records which blocks
 * produced it (attribution). Not thread-safe: one compilation owns one builder.
 */
public final class IrBuilder {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Node.Key, Node> byKey = new LinkedHashMap<>();
    private final List<Instance> instances = new ArrayList<>();
    private final List<StateSlot> stateSlots = new ArrayList<>();
    /** Per state slot: the node written at the end of the tick, or -1 until lowered. */
    private final List<Integer> stateWrites = new ArrayList<>();

    private final List<String> eventKeys = new ArrayList<>();
    private final List<RenderSink> sinks = new ArrayList<>();
    private CameraDesc camera;
    private final List<String> channels = new ArrayList<>();
    private final List<Integer> channelStrides = new ArrayList<>();
    /** The time root's phase periods in ms (set by the time root's lowering). */
    public double periodAMs = 4000;

    public double periodBMs = 8000;
    private String origin = "?";

    public void origin(String origin) {
        this.origin = origin;
    }

    public String origin() {
        return origin;
    }

    // ---- nodes ----

    private int make(Node.Kind kind, Op op, int[] args, double[] k, int instance, int stride) {
        Node.Key key = Node.Key.of(kind, op, args, k, instance, stride);
        Node n = byKey.get(key);
        if (n == null) {
            boolean varying = op.source();
            for (int a : args) {
                varying |= nodes.get(a).varying;
            }
            n = new Node(nodes.size(), kind, op, args.clone(), k.clone(), instance, stride, varying);
            nodes.add(n);
            byKey.put(key, n);
        }
        if (!n.origins.contains(origin)) {
            n.origins.add(origin); // attribution: every block output this expression stands for
        }
        return n.id;
    }

    public int sigConst(double... values) {
        return make(Node.Kind.SIGNAL, Consts.SIG_CONST, new int[0], values, -1, values.length);
    }

    public int sig(SigOp op, int stride, double[] k, int... args) {
        for (int a : args) {
            requireKind(a, Node.Kind.SIGNAL, op);
        }
        return make(Node.Kind.SIGNAL, op, args, k, -1, stride);
    }

    public int sig(SigOp op, int stride, int... args) {
        return sig(op, stride, new double[0], args);
    }

    /** A field node over {@code instance}; {@code args} may mix field and signal nodes. */
    public int field(FieldOp op, int instance, int stride, double[] k, int... args) {
        for (int a : args) {
            Node n = nodes.get(a);
            if (n.kind == Node.Kind.EVENT || (n.kind == Node.Kind.FIELD && n.instance != instance)) {
                throw new IllegalStateException(op.name() + ": argument " + n + " is not over instance " + instance);
            }
        }
        return make(Node.Kind.FIELD, op, args, k, instance, stride);
    }

    public int field(FieldOp op, int instance, int stride, int... args) {
        return field(op, instance, stride, new double[0], args);
    }

    /** A signal computed from signals and events (see {@link EventReader}). */
    public int sigFromEvents(EventReader op, int stride, double[] k, int... args) {
        for (int a : args) {
            if (nodes.get(a).kind == Node.Kind.FIELD) {
                throw new IllegalStateException(op.name() + ": argument " + nodes.get(a) + " is a field");
            }
        }
        return make(Node.Kind.SIGNAL, op, args, k, -1, stride);
    }

    public int event(EventOp op, double[] k, int... args) {
        return make(Node.Kind.EVENT, op, args, k, -1, 0);
    }

    public int time(int which) {
        return make(Node.Kind.SIGNAL, Sources.TIME, new int[0], new double[] {which}, -1, 1);
    }

    /** A time source with {@code stride} components (the palette colour). */
    public int timeVector(int which, int stride) {
        return make(Node.Kind.SIGNAL, Sources.TIME, new int[0], new double[] {which}, -1, stride);
    }

    public int timeEvent(int which) {
        return make(Node.Kind.EVENT, Sources.TIME_EVENT, new int[0], new double[] {which}, -1, 0);
    }

    /** The external input channel {@code name} (e.g. "mouse.x"), as a signal of {@code stride} values. */
    public int external(String name, int stride) {
        int channel = channels.indexOf(name);
        if (channel < 0) {
            channels.add(name);
            channelStrides.add(stride);
            channel = channels.size() - 1;
        }
        return make(Node.Kind.SIGNAL, Sources.EXTERNAL, new int[0], new double[] {channel}, -1, stride);
    }

    /** The external channels the program reads, by index. */
    public List<String> channels() {
        return channels;
    }

    public int intrinsic(int instance, int which) {
        return make(Node.Kind.FIELD, Sources.INTRINSIC, new int[0], new double[] {which}, instance, 1);
    }

    // ---- instances, state, events, sinks ----

    public int instance(String blockId, int count) {
        instances.add(new Instance(instances.size(), blockId, count, count, 1, false));
        return instances.size() - 1;
    }

    public int gridInstance(String blockId, int width, int height) {
        instances.add(new Instance(instances.size(), blockId, width * height, width, height, true));
        return instances.size() - 1;
    }

    /** A state slot and the node that reads it (its value at the start of the tick). */
    public int stateRead(String blockId, String kind, int stride, int instance, double[] initial) {
        int index = stateSlots.size();
        stateSlots.add(new StateSlot(index, blockId + ":" + kind, blockId, kind, stride, instance, initial.clone()));
        stateWrites.add(-1);
        if (instance < 0) {
            return make(Node.Kind.SIGNAL, Sources.STATE_READ, new int[0], new double[] {index}, -1, stride);
        }
        return make(Node.Kind.FIELD, Sources.FIELD_STATE_READ, new int[0], new double[] {index}, instance, stride);
    }

    /** The state slot read by a state-read node. */
    public StateSlot stateOf(int readNode) {
        return stateSlots.get((int) nodes.get(readNode).k[0]);
    }

    /** Writes {@code value} into the state read by {@code readNode} at the end of each tick. */
    public void stateWrite(int readNode, int value) {
        int slot = (int) nodes.get(readNode).k[0];
        stateWrites.set(slot, value);
    }

    public int eventKey(String key) {
        int i = eventKeys.indexOf(key);
        if (i < 0) {
            eventKeys.add(key);
            i = eventKeys.size() - 1;
        }
        return i;
    }

    public void sink(RenderSink sink) {
        sinks.add(sink);
    }

    public void camera(CameraDesc c) {
        this.camera = c;
    }

    public CameraDesc camera() {
        return camera;
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Instance> instances() {
        return instances;
    }

    public List<StateSlot> stateSlots() {
        return stateSlots;
    }

    public List<Integer> stateWrites() {
        return stateWrites;
    }

    public List<String> eventKeys() {
        return eventKeys;
    }

    public List<RenderSink> sinks() {
        return sinks;
    }

    private void requireKind(int a, Node.Kind kind, Op op) {
        if (nodes.get(a).kind != kind) {
            throw new IllegalStateException(op.name() + ": argument " + nodes.get(a) + " is not a " + kind);
        }
    }
}
