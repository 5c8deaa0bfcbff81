package dev.lockstep.patch.internal.compile;

import dev.lockstep.patch.internal.blocks.BlockDef;
import dev.lockstep.patch.internal.blocks.InputDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normalized patch the compiler passes share: every block with its definition, its parameters
 * checked, and for every input either its writers (enabled edges, sorted by sortKey then file order)
 * or its default. Derived blocks made by normalization ({@code _ds_...} defaults, {@code _fb_...}
 * feedback delays) are ordinary blocks here with {@code derived} set.
 */
final class Graph {
    static final class GBlock {
        final String id;
        final String type;
        final BlockDef def;
        final Map<String, Object> params;
        final boolean derived;
        final int order;
        /** Input name to its writers, in sortKey order. */
        final Map<String, List<GEdge>> writers = new LinkedHashMap<>();
        /** Input name to its constant default, for inputs with no writer. */
        final Map<String, Object> constants = new LinkedHashMap<>();
        /** Input name to the patch's combine mode for several writers. */
        final Map<String, String> combine = new LinkedHashMap<>();

        GBlock(String id, String type, BlockDef def, Map<String, Object> params, boolean derived, int order) {
            this.id = id;
            this.type = type;
            this.def = def;
            this.params = params;
            this.derived = derived;
            this.order = order;
        }

        String label() {
            return "block " + id + " (" + type + ")";
        }

        InputDef inputDef(String name) {
            return def.input(name);
        }
    }

    /** A writer into an input: the source block's output, with the edge's sortKey and id. */
    record GEdge(
            String id,
            String fromBlock,
            String fromPort,
            String toBlock,
            String toPort,
            double sortKey,
            int fileOrder) {
        @Override
        public String toString() {
            return fromBlock + "." + fromPort + " -> " + toBlock + "." + toPort;
        }
    }

    final Map<String, GBlock> blocks = new LinkedHashMap<>();
    String timeRoot;

    GBlock block(String id) {
        return blocks.get(id);
    }

    List<GBlock> list() {
        return new ArrayList<>(blocks.values());
    }
}
