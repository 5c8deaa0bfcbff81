package dev.lockstep.patch.internal.compile;

import dev.lockstep.patch.Patch;
import dev.lockstep.patch.PatchException;
import dev.lockstep.patch.internal.blocks.BlockDef;
import dev.lockstep.patch.internal.blocks.BlockLibrary;
import dev.lockstep.patch.internal.blocks.DefaultSource;
import dev.lockstep.patch.internal.blocks.InputDef;
import dev.lockstep.patch.internal.blocks.ParamDef;
import dev.lockstep.patch.internal.types.Payload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pass 1: from the patch to the {@link Graph}. Resolves every block type, checks every listed port,
 * parameter and edge end against the block's definition, finds the one time root, and gives every
 * unconnected input its default source: the block's parameter of the same name, else the port's own
 * default in the file, else the definition's default (a constant, a time-root output, or a derived
 * block). Every error names the block id and the port or parameter.
 */
final class Normalize {
    private Normalize() {}

    static Graph run(Patch patch, dev.lockstep.patch.internal.blocks.CompileOptions options) {
        Graph g = new Graph();
        int order = 0;
        for (Patch.Block b : patch.blocks()) {
            BlockDef def = BlockLibrary.get(b.type());
            if (def == null) {
                throw new PatchException(
                        "block " + b.id() + ": unknown block type '" + b.type() + "'" + BlockLibrary.suggest(b.type()),
                        b.id(),
                        null);
            }
            for (Patch.InputPort p : b.inputs()) {
                if (def.input(p.id()) == null) {
                    throw new PatchException(
                            "block " + b.id() + " (" + b.type() + "): unknown input port '" + p.id()
                                    + "'; its inputs are " + names(def),
                            b.id(),
                            p.id());
                }
            }
            for (String o : b.outputs()) {
                if (def.output(o) == null) {
                    throw new PatchException(
                            "block " + b.id() + " (" + b.type() + "): unknown output port '" + o + "'", b.id(), o);
                }
            }
            Map<String, Object> params = checkParams(b.id(), def, b.params());
            Graph.GBlock gb = new Graph.GBlock(b.id(), b.type(), def, params, false, order++);
            for (Patch.InputPort p : b.inputs()) {
                gb.combine.put(p.id(), p.combineMode());
            }
            g.blocks.put(b.id(), gb);
            if (def.timeRoot) {
                if (g.timeRoot != null) {
                    throw new PatchException(
                            "the patch has two time roots, " + g.timeRoot + " and " + b.id() + "; it needs exactly one",
                            b.id(),
                            null);
                }
                g.timeRoot = b.id();
            }
        }
        if (g.timeRoot == null) {
            throw new PatchException(
                    patch.source() + ": the patch has no time root (an InfiniteTimeRoot block); it needs exactly one");
        }
        List<Patch.Edge> edges = new ArrayList<>();
        for (int i = 0; i < patch.edges().size(); i++) {
            Patch.Edge e = patch.edges().get(i);
            if (!e.enabled()) {
                continue; // a disabled edge stays in the file and is not compiled
            }
            Graph.GBlock from = g.block(e.fromBlock());
            Graph.GBlock to = g.block(e.toBlock());
            if (from.def.output(e.fromPort()) == null) {
                throw new PatchException(
                        "edge " + e.id() + ": block " + from.id + " (" + from.type + ") has no output '" + e.fromPort()
                                + "'",
                        from.id,
                        e.fromPort());
            }
            if (to.def.input(e.toPort()) == null) {
                throw new PatchException(
                        "edge " + e.id() + ": block " + to.id + " (" + to.type + ") has no input '" + e.toPort()
                                + "'; its inputs are " + names(to.def),
                        to.id,
                        e.toPort());
            }
            edges.add(e);
            to.writers
                    .computeIfAbsent(e.toPort(), k -> new ArrayList<>())
                    .add(new Graph.GEdge(e.id(), e.fromBlock(), e.fromPort(), e.toBlock(), e.toPort(), e.sortKey(), i));
        }
        for (Graph.GBlock gb : g.list()) {
            for (List<Graph.GEdge> w : gb.writers.values()) {
                w.sort(Comparator.comparingDouble(Graph.GEdge::sortKey).thenComparingInt(Graph.GEdge::fileOrder));
            }
        }
        defaults(g, patch, options);
        return g;
    }

    private static void defaults(Graph g, Patch patch, dev.lockstep.patch.internal.blocks.CompileOptions options) {
        List<Graph.GBlock> work = new ArrayList<>(g.list());
        for (int w = 0; w < work.size(); w++) {
            Graph.GBlock gb = work.get(w);
            Patch.Block source = patch.block(gb.id);
            for (InputDef in : gb.def.inputs) {
                if (gb.writers.containsKey(in.name())) {
                    continue;
                }
                boolean honoured = !options.ignorePortParams() || in.compileTime();
                if (honoured && gb.params.containsKey(in.name())) {
                    gb.constants.put(in.name(), gb.params.get(in.name())); // the parameter of the same name wins
                    continue;
                }
                DefaultSource ds = in.defaultSource();
                Patch.InputPort port = source == null ? null : source.input(in.name());
                if (port != null && port.defaultSource() != null) {
                    ds = fromFile(gb, in, port.defaultSource());
                }
                switch (ds) {
                    case null -> {
                        if (!in.optional()) {
                            throw new PatchException(
                                    gb.label() + ": input '" + in.name()
                                            + "' is required and nothing is connected to it",
                                    gb.id,
                                    in.name());
                        }
                    }
                    case DefaultSource.Const c -> gb.constants.put(in.name(), c.value());
                    case DefaultSource.Time t ->
                        gb.writers.put(
                                in.name(),
                                List.of(new Graph.GEdge(
                                        "_ds_" + gb.id + "_" + in.name(),
                                        g.timeRoot,
                                        t.output(),
                                        gb.id,
                                        in.name(),
                                        0,
                                        -1)));
                    case DefaultSource.Block b -> {
                        BlockDef def = BlockLibrary.get(b.type());
                        String id = "_ds_" + gb.id + "_" + in.name();
                        Graph.GBlock derived = new Graph.GBlock(
                                id, b.type(), def, checkParams(id, def, b.params()), true, 100_000 + g.blocks.size());
                        g.blocks.put(id, derived);
                        work.add(derived);
                        gb.writers.put(
                                in.name(), List.of(new Graph.GEdge(id, id, b.output(), gb.id, in.name(), 0, -1)));
                    }
                }
            }
        }
    }

    private static DefaultSource fromFile(Graph.GBlock gb, InputDef in, Map<String, Object> ds) {
        Object type = ds.get("blockType");
        Object output = ds.get("output");
        if (!(type instanceof String t) || !(output instanceof String o)) {
            throw new PatchException(
                    gb.label() + ": input '" + in.name() + "' has a defaultSource without blockType and output",
                    gb.id,
                    in.name());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params =
                ds.get("params") instanceof Map<?, ?> m ? (Map<String, Object>) m : java.util.Collections.emptyMap();
        if (t.equals("TimeRoot") || t.equals("InfiniteTimeRoot")) {
            return DefaultSource.time(o);
        }
        if (t.equals("Const") && params.containsKey("value")) {
            return DefaultSource.constant(params.get("value"));
        }
        if (BlockLibrary.get(t) == null) {
            throw new PatchException(
                    gb.label() + ": input '" + in.name() + "' defaults to unknown block type '" + t + "'",
                    gb.id,
                    in.name());
        }
        return new DefaultSource.Block(t, o, params);
    }

    /** Checks parameter names and value types; returns them with defaults of unset config parameters filled in. */
    static Map<String, Object> checkParams(String blockId, BlockDef def, Map<String, Object> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamDef p : def.params) {
            if (p.defaultValue() != null) {
                out.put(p.name(), p.defaultValue());
            }
        }
        for (Map.Entry<String, Object> e : given.entrySet()) {
            String name = e.getKey();
            Object v = e.getValue();
            String where = "block " + blockId + " (" + def.type + ") parameter '" + name + "'";
            InputDef in = def.input(name);
            ParamDef p = def.param(name);
            if (in != null) {
                checkInputValue(where, blockId, name, in.type().payload(), v);
            } else if (p != null) {
                out.put(name, checkParamValue(where, blockId, p, v));
                continue;
            } else {
                throw new PatchException(where + ": unknown parameter; known: " + paramNames(def), blockId, name);
            }
            out.put(name, v);
        }
        return out;
    }

    static void checkInputValue(String where, String blockId, String name, Payload payload, Object v) {
        Payload p = payload == null ? Payload.FLOAT : payload;
        boolean ok =
                switch (p) {
                    case FLOAT, INT -> v instanceof Number || (v instanceof List<?> l && isNumbers(l));
                    case BOOL -> v instanceof Boolean || v instanceof Number;
                    case VEC2 -> v instanceof Number || (v instanceof List<?> l && l.size() == 2 && isNumbers(l));
                    case VEC3 -> v instanceof Number || (v instanceof List<?> l && l.size() == 3 && isNumbers(l));
                    case COLOR -> v instanceof List<?> l && l.size() == 4 && isNumbers(l) || v instanceof Number;
                    case SHAPE, CAMERA -> false;
                };
        if (payload == null && v instanceof List<?> l && isNumbers(l) && l.size() >= 2 && l.size() <= 4) {
            ok = true; // a generic input takes a vector constant
        }
        if (!ok) {
            throw new PatchException(where + ": expected a " + p.label() + " value, got " + describe(v), blockId, name);
        }
    }

    private static Object checkParamValue(String where, String blockId, ParamDef p, Object v) {
        boolean ok =
                switch (p.kind()) {
                    case NUMBER -> v instanceof Number;
                    case INT -> v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
                    case BOOL -> v instanceof Boolean;
                    case STRING ->
                        v instanceof String s
                                && (p.choices().isEmpty() || p.choices().contains(s));
                    case ANY -> true;
                };
        if (!ok) {
            String want =
                    switch (p.kind()) {
                        case NUMBER -> "a number";
                        case INT -> "a whole number";
                        case BOOL -> "true or false";
                        case STRING -> p.choices().isEmpty() ? "a string" : "one of " + p.choices();
                        case ANY -> "a value";
                    };
            throw new PatchException(where + ": expected " + want + ", got " + describe(v), blockId, p.name());
        }
        return v;
    }

    private static boolean isNumbers(List<?> l) {
        for (Object o : l) {
            if (!(o instanceof Number)) {
                return false;
            }
        }
        return true;
    }

    static String describe(Object v) {
        if (v instanceof String s) {
            return "the string \"" + s + "\"";
        }
        return v == null ? "null" : v.toString();
    }

    private static String names(BlockDef def) {
        List<String> n = new ArrayList<>();
        def.inputs.forEach(i -> n.add(i.name()));
        return n.toString();
    }

    private static String paramNames(BlockDef def) {
        List<String> n = new ArrayList<>();
        def.inputs.forEach(i -> n.add(i.name()));
        def.params.forEach(p -> n.add(p.name()));
        return n.toString();
    }
}
