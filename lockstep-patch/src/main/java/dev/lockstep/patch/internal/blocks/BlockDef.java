package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.types.PortType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A block type: its ports, parameters, documentation and lowering. Definitions are immutable and
 * registered once in {@link BlockLibrary}; the compiler looks a block's type up once, at compile time.
 *
 * <p>{@link #stateful} blocks keep state between ticks; a cycle of edges is legal only through one.
 * {@link #delaying} blocks (UnitDelay) output their state alone, so their inputs cut the dependency
 * graph; other stateful blocks in a cycle read their in-cycle inputs one tick late (see docs/patch.md,
 * "Cycles").
 */
public final class BlockDef {
    /** Lowers one block: reads inputs from the context, makes IR nodes, declares outputs. */
    @FunctionalInterface
    public interface Lowerer {
        void lower(LowerContext ctx);
    }

    public final String type;
    public final String category;
    public final String doc;
    public final boolean stateful;
    public final boolean delaying;
    public final boolean timeRoot;
    public final boolean sink;
    public final List<InputDef> inputs;
    public final List<OutputDef> outputs;
    public final List<ParamDef> params;
    public final Lowerer lowerer;

    private BlockDef(Builder b) {
        this.type = b.type;
        this.category = b.category;
        this.doc = b.doc;
        this.stateful = b.stateful;
        this.delaying = b.delaying;
        this.timeRoot = b.timeRoot;
        this.sink = b.sink;
        this.inputs = Collections.unmodifiableList(new ArrayList<>(b.inputs));
        this.outputs = Collections.unmodifiableList(new ArrayList<>(b.outputs));
        this.params = Collections.unmodifiableList(new ArrayList<>(b.params));
        this.lowerer = b.lowerer;
    }

    public InputDef input(String name) {
        for (InputDef d : inputs) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    public OutputDef output(String name) {
        for (OutputDef d : outputs) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    public ParamDef param(String name) {
        for (ParamDef d : params) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    public static Builder of(String type, String category, String doc) {
        return new Builder(type, category, doc);
    }

    /** Fluent definition: {@code BlockDef.of("Add", "math", "...").in(...).out(...).lower(...)}. */
    public static final class Builder {
        private final String type;
        private final String category;
        private final String doc;
        private boolean stateful;
        private boolean delaying;
        private boolean timeRoot;
        private boolean sink;
        private final List<InputDef> inputs = new ArrayList<>();
        private final List<OutputDef> outputs = new ArrayList<>();
        private final List<ParamDef> params = new ArrayList<>();
        private Lowerer lowerer;

        private Builder(String type, String category, String doc) {
            this.type = type;
            this.category = category;
            this.doc = doc;
        }

        public Builder stateful() {
            this.stateful = true;
            return this;
        }

        public Builder delaying() {
            this.stateful = true;
            this.delaying = true;
            return this;
        }

        public Builder timeRoot() {
            this.timeRoot = true;
            return this;
        }

        public Builder sink() {
            this.sink = true;
            return this;
        }

        /** An input with a constant default (a parameter of the same name overrides it). */
        public Builder in(String name, PortType t, Object constDefault, String doc) {
            inputs.add(new InputDef(name, t, DefaultSource.constant(constDefault), false, doc));
            return this;
        }

        /** An input with the given default source (null: required unless {@code optional}). */
        public Builder in(String name, PortType t, DefaultSource ds, boolean optional, String doc) {
            inputs.add(new InputDef(name, t, ds, optional, doc));
            return this;
        }

        /** An input that must be a compile-time constant (a domain bound), with its default. */
        public Builder constIn(String name, PortType t, Object constDefault, String doc) {
            inputs.add(new InputDef(name, t, DefaultSource.constant(constDefault), false, true, doc));
            return this;
        }

        /** A required input: unconnected, it is an error naming the block and port. */
        public Builder required(String name, PortType t, String doc) {
            inputs.add(new InputDef(name, t, null, false, doc));
            return this;
        }

        public Builder optional(String name, PortType t, String doc) {
            inputs.add(new InputDef(name, t, null, true, doc));
            return this;
        }

        public Builder out(String name, PortType t, String doc) {
            outputs.add(new OutputDef(name, t, doc));
            return this;
        }

        public Builder param(String name, ParamDef.Kind kind, Object dflt, String doc, String... choices) {
            params.add(new ParamDef(name, kind, dflt, List.of(choices), doc));
            return this;
        }

        public BlockDef lower(Lowerer l) {
            this.lowerer = l;
            return new BlockDef(this);
        }
    }
}
