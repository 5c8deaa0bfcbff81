package dev.lockstep.patch;

import dev.lockstep.patch.internal.PatchJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A patch as Oscilla persists it: blocks with ports and parameters, and edges between ports. This is
 * the source form; {@link PatchCompiler} turns it into a {@link PatchProgram}.
 *
 * <p>Loading checks the file's shape only (every field present and of the right JSON type, ids
 * unique, edges naming blocks that exist); whether a block type, port or parameter is known is the
 * compiler's question, so that one error names the block and port either way.
 *
 * @param source where the patch came from (a file name), used in error messages
 * @param blocks the blocks in file order
 * @param edges the edges in file order
 */
public record Patch(String source, List<Block> blocks, List<Edge> edges) {
    public Patch {
        Objects.requireNonNull(source, "source");
        blocks = List.copyOf(blocks);
        edges = List.copyOf(edges);
    }

    /** Reads a patch file in Oscilla's persisted JSON form; errors name the file. */
    public static Patch load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PatchException("cannot read patch " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses a patch from JSON text; {@code source} names it in errors. */
    public static Patch parse(String json, String source) {
        return PatchJson.parse(json, source);
    }

    /** The block with this id, or null. */
    public Block block(String id) {
        for (Block b : blocks) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        return null;
    }

    /**
     * One block.
     *
     * @param id unique id within the patch
     * @param type the block type (its definition in the block library)
     * @param params parameter values: numbers, booleans, strings, or lists and maps of them
     * @param displayName the editor's label, may be null
     * @param roleKind "user", "timeRoot", "derived", ...
     * @param inputs the input ports the file lists
     * @param outputs the output port ids the file lists
     */
    public record Block(
            String id,
            String type,
            Map<String, Object> params,
            String displayName,
            String roleKind,
            List<InputPort> inputs,
            List<String> outputs) {
        public Block {
            params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }

        /** The named input port, or null. */
        public InputPort input(String portId) {
            for (InputPort p : inputs) {
                if (p.id().equals(portId)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * An input port as the file lists it.
     *
     * @param id the port id
     * @param combineMode how several writers combine ("last", "first", "sum", ...)
     * @param defaultSource an override of the block type's default source, or null: a map with
     *     {@code blockType}, {@code output} and optional {@code params}, as Oscilla stores it
     */
    public record InputPort(String id, String combineMode, Map<String, Object> defaultSource) {}

    /**
     * An edge from an output port to an input port.
     *
     * @param id the edge id
     * @param fromBlock source block id
     * @param fromPort source output port
     * @param toBlock target block id
     * @param toPort target input port
     * @param enabled a disabled edge is kept in the file but not compiled
     * @param sortKey orders several writers into one input (and their events)
     */
    public record Edge(
            String id,
            String fromBlock,
            String fromPort,
            String toBlock,
            String toPort,
            boolean enabled,
            double sortKey) {
        @Override
        public String toString() {
            return fromBlock + "." + fromPort + " -> " + toBlock + "." + toPort;
        }
    }
}
