package dev.lockstep.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Edits Oscilla patch JSON for tests: add blocks, rewire an input, change a parameter. */
final class PatchEdits {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode root;
    private int edges;

    private PatchEdits(ObjectNode root) {
        this.root = root;
    }

    static PatchEdits of(String name) {
        try {
            String text = Files.readString(OscillaPatches.require().resolve(name + ".json"));
            return new PatchEdits((ObjectNode) JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        try {
            return Files.readString(OscillaPatches.require().resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PatchEdits param(String blockId, String param, Object value) {
        for (JsonNode b : root.get("blocks")) {
            if (b.get("id").asText().equals(blockId)) {
                ((ObjectNode) b.get("params")).set(param, JSON.valueToTree(value));
                return this;
            }
        }
        throw new IllegalArgumentException("no block " + blockId);
    }

    PatchEdits block(String id, String type, Map<String, Object> params, String[] inputs, String... outputs) {
        ObjectNode b = ((ArrayNode) root.get("blocks")).addObject();
        b.put("id", id);
        b.put("type", type);
        b.set("params", JSON.valueToTree(params));
        b.put("displayName", id);
        b.putNull("domainId");
        b.putObject("role").put("kind", "user").putObject("meta");
        ArrayNode in = b.putArray("inputPorts");
        for (String p : inputs) {
            in.addObject().put("id", p).put("combineMode", "last");
        }
        ArrayNode out = b.putArray("outputPorts");
        for (String p : outputs) {
            out.addObject().put("id", p);
        }
        return this;
    }

    /** Removes every edge into {@code toBlock.toPort} and adds one from {@code fromBlock.fromPort}. */
    PatchEdits wire(String fromBlock, String fromPort, String toBlock, String toPort) {
        ArrayNode es = (ArrayNode) root.get("edges");
        for (int i = es.size() - 1; i >= 0; i--) {
            JsonNode to = es.get(i).get("to");
            if (to.get("blockId").asText().equals(toBlock)
                    && to.get("slotId").asText().equals(toPort)) {
                es.remove(i);
            }
        }
        ObjectNode e = es.addObject();
        e.put("id", "x" + edges++);
        e.putObject("from").put("kind", "port").put("blockId", fromBlock).put("slotId", fromPort);
        e.putObject("to").put("kind", "port").put("blockId", toBlock).put("slotId", toPort);
        e.put("enabled", true);
        e.put("sortKey", 1000 + edges);
        e.putObject("role").put("kind", "user").putObject("meta");
        return this;
    }

    String json() {
        return root.toString();
    }

    Patch patch(String source) {
        return Patch.parse(json(), source);
    }
}
