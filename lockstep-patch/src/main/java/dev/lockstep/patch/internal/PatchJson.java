package dev.lockstep.patch.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.patch.Patch;
import dev.lockstep.patch.PatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Oscilla's persisted patch JSON into {@link Patch}. It checks shape only: required fields
 * present with the right JSON type, block and edge ids unique, edges naming existing blocks. Every
 * message names the source, the block or edge (by id, or by index where the id is missing) and the
 * field. Numbers in params become {@code Double}, arrays {@code List}, objects {@code Map} (in file
 * order).
 */
public final class PatchJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PatchJson() {}

    public static Patch parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new PatchException(source + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PatchException(source + ": a patch is a JSON object with 'blocks' and 'edges'");
        }
        JsonNode blocksNode = array(root, "blocks", source);
        JsonNode edgesNode = root.has("edges") ? array(root, "edges", source) : MAPPER.createArrayNode();
        List<Patch.Block> blocks = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < blocksNode.size(); i++) {
            Patch.Block b = block(blocksNode.get(i), source, i);
            if (!ids.add(b.id())) {
                throw new PatchException(source + ": block id '" + b.id() + "' appears twice", b.id(), null);
            }
            blocks.add(b);
        }
        List<Patch.Edge> edges = new ArrayList<>();
        Set<String> edgeIds = new LinkedHashSet<>();
        for (int i = 0; i < edgesNode.size(); i++) {
            Patch.Edge e = edge(edgesNode.get(i), source, i);
            if (!edgeIds.add(e.id())) {
                throw new PatchException(source + ": edge id '" + e.id() + "' appears twice");
            }
            checkEnd(e, e.fromBlock(), e.fromPort(), ids, source);
            checkEnd(e, e.toBlock(), e.toPort(), ids, source);
            edges.add(e);
        }
        return new Patch(source, blocks, edges);
    }

    private static void checkEnd(Patch.Edge e, String block, String port, Set<String> ids, String source) {
        if (!ids.contains(block)) {
            throw new PatchException(
                    source + ": edge " + e.id() + " (" + e + ") names block '" + block + "', which does not exist",
                    block,
                    port);
        }
    }

    private static Patch.Block block(JsonNode n, String source, int index) {
        String where = source + ": blocks[" + index + "]";
        if (!n.isObject()) {
            throw new PatchException(where + " is not an object");
        }
        String id = text(n, "id", where);
        where = source + ": block " + id;
        String type = text(n, "type", where);
        Map<String, Object> params =
                n.has("params") ? objectMap(n.get("params"), where + " params") : java.util.Collections.emptyMap();
        String displayName = n.hasNonNull("displayName") ? n.get("displayName").asText() : null;
        String role = "user";
        if (n.has("role") && n.get("role").isObject() && n.get("role").has("kind")) {
            role = n.get("role").get("kind").asText();
        }
        List<Patch.InputPort> inputs = new ArrayList<>();
        if (n.has("inputPorts")) {
            JsonNode in = n.get("inputPorts");
            if (!in.isArray()) {
                throw new PatchException(where + ": 'inputPorts' must be an array", id, null);
            }
            for (JsonNode p : in) {
                String pid = text(p, "id", where + " inputPorts[]");
                String combine =
                        p.hasNonNull("combineMode") ? p.get("combineMode").asText() : "last";
                Map<String, Object> ds = null;
                if (p.hasNonNull("defaultSource")) {
                    ds = objectMap(p.get("defaultSource"), where + " input '" + pid + "' defaultSource");
                }
                inputs.add(new Patch.InputPort(pid, combine, ds));
            }
        }
        List<String> outputs = new ArrayList<>();
        if (n.has("outputPorts")) {
            for (JsonNode p : n.get("outputPorts")) {
                outputs.add(text(p, "id", where + " outputPorts[]"));
            }
        }
        return new Patch.Block(id, type, params, displayName, role, inputs, outputs);
    }

    private static Patch.Edge edge(JsonNode n, String source, int index) {
        String where = source + ": edges[" + index + "]";
        if (!n.isObject()) {
            throw new PatchException(where + " is not an object");
        }
        String id = n.hasNonNull("id") ? n.get("id").asText() : "edges[" + index + "]";
        where = source + ": edge " + id;
        JsonNode from = n.get("from");
        JsonNode to = n.get("to");
        if (from == null || !from.isObject() || to == null || !to.isObject()) {
            throw new PatchException(where + ": needs 'from' and 'to' objects with blockId and slotId");
        }
        boolean enabled = !n.has("enabled") || n.get("enabled").asBoolean(true);
        double sortKey = index;
        if (n.has("sortKey")) {
            if (!n.get("sortKey").isNumber()) {
                throw new PatchException(where + ": 'sortKey' must be a number, got " + n.get("sortKey"));
            }
            sortKey = n.get("sortKey").asDouble();
        }
        return new Patch.Edge(
                id,
                text(from, "blockId", where + " from"),
                text(from, "slotId", where + " from"),
                text(to, "blockId", where + " to"),
                text(to, "slotId", where + " to"),
                enabled,
                sortKey);
    }

    private static JsonNode array(JsonNode root, String field, String source) {
        JsonNode n = root.get(field);
        if (n == null || !n.isArray()) {
            throw new PatchException(source + ": '" + field + "' must be an array");
        }
        return n;
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new PatchException(
                    where + ": '" + field + "' must be a string" + (v == null ? " (missing)" : ", got " + v));
        }
        return v.asText();
    }

    private static Map<String, Object> objectMap(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new PatchException(where + " must be an object, got " + n);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }

    /** A JSON value as a plain Java value: Double, Boolean, String, List, Map or null. */
    public static Object value(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(value(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }
}
