package dev.lockstep.patch.internal.compile;

import dev.lockstep.patch.PatchException;
import dev.lockstep.patch.internal.blocks.Adapters;
import dev.lockstep.patch.internal.blocks.CompileOptions;
import dev.lockstep.patch.internal.blocks.InputDef;
import dev.lockstep.patch.internal.blocks.LowerContext;
import dev.lockstep.patch.internal.blocks.Val;
import dev.lockstep.patch.internal.exec.ConstEval;
import dev.lockstep.patch.internal.exec.FieldKernels;
import dev.lockstep.patch.internal.exec.Opcodes;
import dev.lockstep.patch.internal.ir.EventOps;
import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.types.Extent;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Passes 3 and 4: type check and lowering, one block at a time in dependency order. Before a block
 * lowers, each of its inputs is type checked against its definition: extent (a field into a signal
 * input is an error; a signal into a field input is broadcast over the block's instance), payload
 * (numeric stride-1 payloads interchange; vec2 widens to vec3 with z = 0; anything else is an error),
 * unit (two different concrete units go through an adapter from {@link Adapters}, or fail), and
 * several writers combine by the port's combine mode in sortKey order. Every error names the block,
 * the port, and the writer.
 *
 * <p>Delaying blocks read their input after every block has lowered ({@link #later}), which is what
 * lets a UnitDelay close a cycle.
 */
final class Lowering implements LowerContext {
    private final Graph graph;
    private final IrBuilder b;
    private final CompileOptions options;
    private final Map<String, Map<String, Val>> outputs = new LinkedHashMap<>();
    private final List<Runnable> later = new ArrayList<>();
    private Graph.GBlock cur;
    private final Map<String, Val> inputCache = new LinkedHashMap<>();

    Lowering(Graph graph, IrBuilder b, CompileOptions options) {
        this.graph = graph;
        this.b = b;
        this.options = options;
    }

    void run(List<Graph.GBlock> order) {
        for (Graph.GBlock gb : order) {
            lowerBlock(gb);
        }
        for (Runnable r : later) {
            r.run();
        }
    }

    private void lowerBlock(Graph.GBlock gb) {
        cur = gb;
        inputCache.clear();
        outputs.put(gb.id, new LinkedHashMap<>());
        b.origin(gb.id);
        gb.def.lowerer.lower(this);
        // an output a block does not produce is an error only when something reads it (source())
    }

    @Override
    public CompileOptions options() {
        return options;
    }

    @Override
    public boolean slotAliased(String port) {
        if (!options.cameraSlotAliasing()) {
            return false;
        }
        String id;
        double[] value;
        List<Graph.GEdge> ws = cur.writers.get(port);
        if (ws != null && ws.size() == 1) {
            Graph.GBlock from = graph.block(ws.get(0).fromBlock());
            if (!from.type.equals("Const")) {
                return false;
            }
            id = from.id;
            value = ConstEval.values(from.params.get("value"));
        } else if (ws == null && cur.constants.containsKey(port)) {
            id = "_ds_" + cur.id + "_" + port; // the id Oscilla gives the default's derived Const block
            value = ConstEval.values(cur.constants.get(port));
        } else {
            return false;
        }
        if (value == null) {
            return false;
        }
        for (Graph.GBlock g : graph.blocks.values()) {
            if (g.type.equals("Const")
                    && g.id.compareTo(id) < 0
                    && java.util.Arrays.equals(value, ConstEval.values(g.params.get("value")))) {
                return true;
            }
            for (Map.Entry<String, Object> c : g.constants.entrySet()) {
                String cid = "_ds_" + g.id + "_" + c.getKey();
                if (cid.compareTo(id) < 0 && java.util.Arrays.equals(value, ConstEval.values(c.getValue()))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void later(Runnable r) {
        Graph.GBlock owner = cur;
        later.add(() -> {
            cur = owner;
            inputCache.clear();
            b.origin(owner.id);
            r.run();
        });
    }

    // ---- LowerContext ----

    @Override
    public IrBuilder b() {
        return b;
    }

    @Override
    public String blockId() {
        return cur.id;
    }

    @Override
    public String blockType() {
        return cur.type;
    }

    @Override
    public Object param(String name) {
        return cur.params.get(name);
    }

    @Override
    public PortType outType(String name) {
        return cur.def.output(name).type();
    }

    @Override
    public PatchException error(String port, String message) {
        return new PatchException(
                cur.label() + (port == null ? "" : " port '" + port + "'") + ": " + message, cur.id, port);
    }

    @Override
    public void out(String name, Val v) {
        if (cur.def.output(name) == null) {
            throw new IllegalStateException(cur.type + " lowers an output '" + name + "' it does not define");
        }
        outputs.get(cur.id).put(name, v);
        if (v.node() >= 0) {
            var origins = b.node(v.node()).origins;
            String o = cur.id + "." + name;
            if (!origins.contains(o)) {
                origins.add(o); // attribution: this node is that block output's value
            }
        }
    }

    @Override
    public int instance() {
        int inst = -1;
        for (InputDef d : cur.def.inputs) {
            if (!cur.writers.containsKey(d.name())) {
                continue;
            }
            Val v = in(d.name());
            if (v != null && v.isField() && v.instance() >= 0) {
                if (inst >= 0 && inst != v.instance()) {
                    throw error(
                            d.name(),
                            "mixes fields of two instances ("
                                    + b.instances().get(inst).blockId() + " and "
                                    + b.instances().get(v.instance()).blockId() + ")");
                }
                inst = v.instance();
            }
        }
        return inst;
    }

    @Override
    public Val asField(Val v, int instance) {
        if (v.isField() && v.instance() >= 0) {
            return v;
        }
        if (instance < 0) {
            throw error(null, "needs a field input to know its instance (how many elements), and has none");
        }
        if (v.payload() == Payload.SHAPE) {
            return Val.shape(v.shape(), Extent.FIELD, instance);
        }
        int n = b.field(FieldKernels.BROADCAST, instance, v.stride(), v.node());
        return Val.field(n, v.payload(), v.unit(), instance);
    }

    @Override
    public double constant(String name) {
        Val v = in(name);
        if (v == null || !v.isSignal() || b.node(v.node()).varying) {
            throw error(
                    name,
                    "must be a constant known at compile time (it sets a loop bound), but it "
                            + (v == null ? "is not connected" : "varies per tick"));
        }
        return ConstEval.scalar(b, v.node());
    }

    @Override
    public Val in(String name) {
        Val cached = inputCache.get(name);
        if (cached != null) {
            return cached;
        }
        InputDef def = cur.def.input(name);
        if (def == null) {
            throw new IllegalStateException(cur.type + " reads an input '" + name + "' it does not define");
        }
        Val v;
        List<Graph.GEdge> ws = cur.writers.get(name);
        if (ws != null && !ws.isEmpty()) {
            List<Val> vals = new ArrayList<>();
            for (Graph.GEdge w : ws) {
                vals.add(check(def, w, source(w)));
            }
            v = combine(def, ws, vals);
        } else if (cur.constants.containsKey(name)) {
            v = constant(def, cur.constants.get(name));
        } else {
            return null; // optional input left open
        }
        inputCache.put(name, v);
        return v;
    }

    private Val source(Graph.GEdge w) {
        Map<String, Val> outs = outputs.get(w.fromBlock());
        Val v = outs == null ? null : outs.get(w.fromPort());
        if (v == null) {
            Graph.GBlock from = graph.block(w.fromBlock());
            throw new PatchException(
                    cur.label() + " input '" + w.toPort() + "': its writer " + from.label() + " output '" + w.fromPort()
                            + "' has no value (the block cannot produce it with the inputs it has)",
                    cur.id,
                    w.toPort());
        }
        return v;
    }

    /** The constant default of an input, typed by the input (a generic input takes the value's shape). */
    private Val constant(InputDef def, Object value) {
        double[] k = ConstEval.values(value);
        if (k == null) {
            throw error(def.name(), "default " + Normalize.describe(value) + " is not a number or a list of numbers");
        }
        Payload p = def.type().payload();
        if (p == null || !p.numeric()) {
            p = switch (k.length) {
                case 2 -> Payload.VEC2;
                case 3 -> Payload.VEC3;
                case 4 -> Payload.COLOR;
                default -> Payload.FLOAT;
            };
        }
        if (k.length == 1 && p.stride > 1) {
            double[] splat = new double[p.stride];
            java.util.Arrays.fill(splat, k[0]);
            k = splat;
        }
        if (k.length != p.stride) {
            throw error(
                    def.name(),
                    "default " + Normalize.describe(value) + " has " + k.length + " numbers; a " + p.label() + " has "
                            + p.stride);
        }
        Unit u = def.type().unit() == Unit.ANY
                ? (p == Payload.FLOAT ? Unit.SCALAR : Unit.ANY)
                : def.type().unit();
        return Val.sig(b.sigConst(k), p, u);
    }

    /** Type checks one writer against the input: extent, payload, unit; inserts adapters and widenings. */
    private Val check(InputDef def, Graph.GEdge w, Val v) {
        PortType want = def.type();
        String from = " from " + w.fromBlock() + "." + w.fromPort();
        if (v.extent() == Extent.EVENT || want.extent() == Extent.EVENT) {
            if (v.extent() != want.extent()) {
                throw error(def.name(), "expected " + want + ", got " + v.type() + from);
            }
            return v;
        }
        if (want.extent() == Extent.SIGNAL && v.isField()) {
            throw error(def.name(), "expected a signal, got a field" + from + " (a field has one value per element)");
        }
        Payload wp = want.payload();
        if (wp != null && wp != v.payload()) {
            v = convertPayload(def, v, wp, from);
        } else if (wp == null && !v.payload().numeric() && want.extent() != Extent.FIELD) {
            // a generic field input (a layout's elements) takes any payload: it only needs the instance
            throw error(def.name(), "expected a number, got a " + v.payload().label() + from);
        }
        Unit wu = want.unit();
        if (concrete(wu) && concrete(v.unit()) && wu != v.unit()) {
            Adapters.Adapter a = Adapters.find(v.unit(), wu);
            if (a == null) {
                throw error(
                        def.name(),
                        "expected unit " + wu.label() + ", got " + v.unit().label() + from + " and no adapter converts "
                                + v.unit().label() + " to " + wu.label());
            }
            v = a.apply(b, v);
        }
        return v;
    }

    private static boolean concrete(Unit u) {
        return u != Unit.ANY && u != Unit.SCALAR;
    }

    private Val convertPayload(InputDef def, Val v, Payload want, String from) {
        Payload have = v.payload();
        boolean scalarish = have.stride == 1 && want.stride == 1 && have.numeric() && want.numeric();
        if (scalarish) {
            return new Val(v.extent(), want, v.unit(), v.node(), v.instance(), null, null);
        }
        if (have == Payload.VEC2 && want == Payload.VEC3) {
            if (v.isField()) {
                int n = b.field(FieldKernels.VEC2_TO_VEC3, v.instance(), 3, v.node());
                return Val.field(n, Payload.VEC3, v.unit(), v.instance());
            }
            int x = b.sig(Opcodes.COMPONENT, 1, new double[] {0}, v.node());
            int y = b.sig(Opcodes.COMPONENT, 1, new double[] {1}, v.node());
            int n = b.sig(Opcodes.PACK, 3, x, y, b.sigConst(0));
            return Val.sig(n, Payload.VEC3, v.unit());
        }
        throw error(def.name(), "expected a " + want.label() + ", got a " + have.label() + from);
    }

    /** Several writers into one input, in sortKey order, by the port's combine mode. */
    private Val combine(InputDef def, List<Graph.GEdge> ws, List<Val> vals) {
        if (vals.size() == 1) {
            return vals.get(0);
        }
        String mode = cur.combine.getOrDefault(def.name(), "last");
        Val first = vals.get(0);
        if (first.extent() == Extent.EVENT) {
            int[] nodes = vals.stream().mapToInt(Val::node).toArray();
            return Val.event(b.event(EventOps.MERGE, new double[0], nodes)); // writer edge order
        }
        switch (mode) {
            case "last":
                return vals.get(vals.size() - 1);
            case "first":
                return first;
            case "sum", "add", "average", "mean", "max", "min", "product", "mul":
                break;
            default:
                throw error(
                        def.name(),
                        "unknown combine mode '" + mode + "' for " + vals.size()
                                + " writers; use last, first, sum, average, product, max or min");
        }
        Opcodes.Binary op =
                switch (mode) {
                    case "max" -> Opcodes.MAX;
                    case "min" -> Opcodes.MIN;
                    case "product", "mul" -> Opcodes.MUL;
                    default -> Opcodes.ADD;
                };
        int inst = -1;
        for (Val v : vals) {
            if (v.payload() != first.payload()) {
                throw error(
                        def.name(),
                        "writers of different payloads cannot combine: "
                                + first.payload().label() + " and "
                                + v.payload().label());
            }
            if (v.isField()) {
                inst = v.instance();
            }
        }
        Val acc = inst >= 0 ? asField(first, inst) : first;
        b.origin(cur.id + "." + def.name() + ":combine(" + mode + ")");
        for (int i = 1; i < vals.size(); i++) {
            Val next = inst >= 0 ? asField(vals.get(i), inst) : vals.get(i);
            int n = inst >= 0
                    ? b.field(FieldKernels.zip(op), inst, first.stride(), acc.node(), next.node())
                    : b.sig(op.sig(first.stride()), first.stride(), acc.node(), next.node());
            acc = new Val(acc.extent(), first.payload(), first.unit(), n, inst, null, null);
        }
        if (mode.equals("average") || mode.equals("mean")) {
            Val count = Val.sig(b.sigConst(vals.size()), Payload.FLOAT, Unit.SCALAR);
            Val c = inst >= 0 ? asField(count, inst) : count;
            int n = inst >= 0
                    ? b.field(FieldKernels.zip(Opcodes.DIV), inst, first.stride(), acc.node(), c.node())
                    : b.sig(Opcodes.DIV.sig(first.stride()), first.stride(), acc.node(), c.node());
            acc = new Val(acc.extent(), first.payload(), first.unit(), n, inst, null, null);
        }
        b.origin(cur.id);
        return acc;
    }
}
