package dev.lockstep.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as JSON, in the shape of DESIGN.md's "Benchmark output contract":
 *
 * <pre>{@code
 * {"suite": "core", "quick": true, "date": "...", "complete": true,
 *  "machine": {"cores": 2, "jdk": "25.0.3", "os": "Linux 6.8.0", "arch": ..., "vm": ..., "cpu": ...},
 *  "settings": {"forks": 1, "warmupIterations": 2, "warmupTime": "500ms", "iterations": 3, "iterationTime": "1s"},
 *  "results": [{"name": "fib30", "unit": "ms", "better": "lower", "ours": 41.2, "oursError": 0.3,
 *               "peer": "ForkJoinPool", "peerValue": 44.0, "peerError": 0.5, "peerSource": "measured",
 *               "ratio": 1.07, "oursBenchmark": "...", "peerBenchmark": "...",
 *               "oursAllocBytesPerOp": 0.0, "peerAllocBytesPerOp": 24.0}],
 *  "unpaired": [...], "warnings": [...]}
 * }</pre>
 *
 * The contract's fields keep their names; the others are additions. {@code peer},
 * {@code peerValue}, {@code peerSource} and {@code ratio} are absent from a row without a peer;
 * a {@link Published} peer's row has {@code "peerSource": "published"}, its figure's source in
 * {@code peerReference}, and no {@code peerBenchmark} or {@code peerError};
 * an error JMH could not compute (too few iterations) is absent rather than NaN, and so are the
 * allocation figures of a run without {@code --gc}.
 */
final class JsonReport {
    private JsonReport() {}

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static void write(Report report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(report) + System.lineSeparator());
    }

    static String toJson(Report report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("suite", report.suite());
        root.put("quick", report.quick());
        root.put("date", report.date());
        root.put("complete", report.complete());
        Machine m = report.machine();
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", m.cores());
        machine.put("jdk", m.jdk());
        machine.put("os", m.os());
        putIfPresent(machine, "arch", m.arch());
        putIfPresent(machine, "vm", m.vm());
        putIfPresent(machine, "cpu", m.cpu());
        RunSettings s = report.settings();
        if (s != null) {
            ObjectNode settings = root.putObject("settings");
            settings.put("forks", s.forks());
            settings.put("warmupIterations", s.warmupIterations());
            settings.put("warmupTime", RunSettings.text(s.warmupTime()));
            settings.put("iterations", s.iterations());
            settings.put("iterationTime", RunSettings.text(s.iterationTime()));
            if (s.coldForks() != null) {
                settings.put("coldForks", s.coldForks());
            }
            if (s.aotForks() != null) {
                settings.put("aotForks", s.aotForks());
            }
            putIfPresent(settings, "filter", report.filter());
        }
        ArrayNode results = root.putArray("results");
        for (ResultRow r : report.rows()) {
            ObjectNode row = results.addObject();
            row.put("name", r.name());
            row.put("unit", r.unit());
            row.put("better", r.better());
            row.put("ours", r.ours());
            putIfPresent(row, "oursError", r.oursError());
            if (r.hasPeer()) {
                row.put("peer", r.peer());
                row.put("peerValue", r.peerValue());
                putIfPresent(row, "peerError", r.peerError());
                row.put("peerSource", r.peerSource() == null ? ResultRow.MEASURED : r.peerSource());
                putIfPresent(row, "peerReference", r.peerReference());
                putIfPresent(row, "ratio", r.ratio());
            }
            putIfPresent(row, "oursBenchmark", r.oursBenchmark());
            putIfPresent(row, "peerBenchmark", r.peerBenchmark());
            putIfPresent(row, "oursAllocBytesPerOp", r.oursAllocBytesPerOp());
            putIfPresent(row, "peerAllocBytesPerOp", r.peerAllocBytesPerOp());
        }
        ArrayNode unpaired = root.putArray("unpaired");
        for (Unpaired u : report.unpaired()) {
            ObjectNode n = unpaired.addObject();
            n.put("benchmark", u.benchmark());
            putIfPresent(n, "name", u.name());
            n.put("side", u.side());
            putIfPresent(n, "peer", u.peer());
            n.put("value", u.value());
            n.put("unit", u.unit());
            n.put("reason", u.reason());
        }
        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warnings::add);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new BenchException("cannot write the report as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a report written by {@link #write} (or by hand, with the contract's fields only).
     *
     * @throws BenchException naming the file and the field when a required field is missing
     */
    static Report read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new BenchException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BenchException(file + " does not hold a JSON object");
        }
        String where = file.toString();
        JsonNode m = require(root, "machine", where);
        Machine machine = new Machine(
                require(m, "cores", where + ": machine").asInt(),
                require(m, "jdk", where + ": machine").asText(),
                require(m, "os", where + ": machine").asText(),
                text(m, "arch"),
                text(m, "vm"),
                text(m, "cpu"));
        List<ResultRow> rows = new ArrayList<>();
        JsonNode results = require(root, "results", where);
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            String at = where + ": results[" + i + "]";
            rows.add(new ResultRow(
                    require(r, "name", at).asText(),
                    require(r, "unit", at).asText(),
                    require(r, "better", at).asText(),
                    require(r, "ours", at).asDouble(),
                    number(r, "oursError"),
                    text(r, "peer"),
                    number(r, "peerValue"),
                    number(r, "peerError"),
                    r.has("peer") ? (text(r, "peerSource") == null ? ResultRow.MEASURED : text(r, "peerSource")) : null,
                    text(r, "oursBenchmark"),
                    text(r, "peerBenchmark"),
                    number(r, "oursAllocBytesPerOp"),
                    number(r, "peerAllocBytesPerOp"),
                    text(r, "peerReference")));
        }
        List<Unpaired> unpaired = new ArrayList<>();
        for (JsonNode u : root.path("unpaired")) {
            unpaired.add(new Unpaired(
                    text(u, "benchmark"),
                    text(u, "name"),
                    text(u, "side"),
                    text(u, "peer"),
                    u.path("value").asDouble(Double.NaN),
                    text(u, "unit"),
                    text(u, "reason")));
        }
        List<String> warnings = new ArrayList<>();
        root.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new Report(
                require(root, "suite", where).asText(),
                require(root, "quick", where).asBoolean(),
                root.hasNonNull("date") ? root.get("date").asText() : "(no date)",
                root.path("complete").asBoolean(true),
                machine,
                settings(root.get("settings")),
                root.has("settings") ? text(root.get("settings"), "filter") : null,
                rows,
                unpaired,
                warnings);
    }

    private static RunSettings settings(JsonNode s) {
        if (s == null || !s.isObject()) {
            return null;
        }
        try {
            return new RunSettings(
                    s.path("forks").asInt(),
                    s.path("warmupIterations").asInt(),
                    duration(s.path("warmupTime").asText()),
                    s.path("iterations").asInt(),
                    duration(s.path("iterationTime").asText()),
                    s.hasNonNull("coldForks") ? s.get("coldForks").asInt() : null,
                    s.hasNonNull("aotForks") ? s.get("aotForks").asInt() : null);
        } catch (IllegalArgumentException e) {
            return null; // settings are informative only; a hand-written file may lack them
        }
    }

    static Duration duration(String text) {
        return DurationConverter.parse(text);
    }

    private static JsonNode require(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new BenchException(where + ": missing field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, Double value) {
        if (value != null && Double.isFinite(value)) {
            node.put(field, value);
        }
    }
}
