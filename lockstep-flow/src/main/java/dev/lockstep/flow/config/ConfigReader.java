package dev.lockstep.flow.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads a {@link FlowConfig} from JSON ({@code .json}) or YAML ({@code .yaml}, {@code .yml}). Every
 * key is checked: an unknown key is an error that names it (with the closest known key), a value of
 * the wrong type or out of range names the key, the expected form and what was found. Durations are
 * strings like {@code "250ms"}, {@code "10s"}, {@code "2m"} or ISO-8601 ({@code "PT10S"}), or a
 * number of milliseconds.
 */
public final class ConfigReader {
    private ConfigReader() {}

    public static FlowConfig read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage(), null, e);
        }
        return parse(text, yaml, file.toString());
    }

    public static FlowConfig parse(String text, boolean yaml, String source) {
        ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ConfigException(
                    source + ": not valid " + (yaml ? "YAML" : "JSON")
                            + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                            + ": "
                            + e.getOriginalMessage(),
                    null,
                    e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return FlowConfig.DEFAULTS;
        }
        Obj top = new Obj(source, "", root);
        top.only("server", "pools", "database", "observability", "cluster");
        return new FlowConfig(
                server(top.obj("server")),
                pools(top.obj("pools")),
                database(top.obj("database")),
                observability(top.obj("observability")),
                top.get("cluster") == null ? null : cluster(top.obj("cluster")));
    }

    private static FlowConfig.Server server(Obj o) {
        var d = FlowConfig.Server.DEFAULTS;
        o.only(
                "host",
                "port",
                "threads",
                "maxRequestLine",
                "maxHeaderBytes",
                "maxHeaders",
                "maxBody",
                "readTimeout",
                "idleTimeout",
                "shutdownDeadline",
                "backend");
        String backend = o.string("backend", d.backend());
        if (!FlowConfig.Server.BACKENDS.contains(backend)) {
            throw o.error("backend", "must be one of " + FlowConfig.Server.BACKENDS + ", got \"" + backend + "\"");
        }
        return new FlowConfig.Server(
                o.string("host", d.host()),
                o.integer("port", d.port(), 0, 65535),
                o.integer("threads", d.threads(), 0, 1024),
                o.integer("maxRequestLine", d.maxRequestLine(), 64, 1 << 20),
                o.integer("maxHeaderBytes", d.maxHeaderBytes(), 256, 1 << 24),
                o.integer("maxHeaders", d.maxHeaders(), 1, 10_000),
                o.longValue("maxBody", d.maxBody(), 0, Long.MAX_VALUE),
                o.duration("readTimeout", d.readTimeout()),
                o.duration("idleTimeout", d.idleTimeout()),
                o.duration("shutdownDeadline", d.shutdownDeadline()),
                backend);
    }

    private static FlowConfig.Pools pools(Obj o) {
        var d = FlowConfig.Pools.DEFAULTS;
        o.only("computeWorkers", "effectQueue", "continuationQueue", "perTargetInFlight", "shedAfter", "computeQueue");
        return new FlowConfig.Pools(
                o.integer("computeWorkers", d.computeWorkers(), 0, 4096),
                o.integer("effectQueue", d.effectQueue(), 1, 1 << 24),
                o.integer("continuationQueue", d.continuationQueue(), 1, 1 << 24),
                o.integer("perTargetInFlight", d.perTargetInFlight(), 1, 1 << 20),
                o.duration("shedAfter", d.shedAfter()),
                o.integer("computeQueue", d.computeQueue(), 1, 1 << 24));
    }

    private static FlowConfig.Database database(Obj o) {
        var d = FlowConfig.Database.DEFAULTS;
        o.only("url", "user", "password", "poolSize");
        String url = o.string("url", d.url());
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw o.error("url", "must be a jdbc:sqlite: or jdbc:postgresql: URL, got \"" + url + "\"");
        }
        return new FlowConfig.Database(
                url,
                o.string("user", d.user()),
                o.string("password", d.password()),
                o.integer("poolSize", d.poolSize(), 1, 1024));
    }

    private static FlowConfig.Observability observability(Obj o) {
        var d = FlowConfig.Observability.DEFAULTS;
        o.only("trace", "debugHeader", "otlpEndpoint", "serviceName");
        String otlp = o.string("otlpEndpoint", d.otlpEndpoint());
        if (!otlp.isEmpty() && !otlp.startsWith("http://") && !otlp.startsWith("https://")) {
            throw o.error("otlpEndpoint", "must be an http:// or https:// URL, got \"" + otlp + "\"");
        }
        return new FlowConfig.Observability(
                o.bool("trace", d.trace()),
                o.bool("debugHeader", d.debugHeader()),
                otlp,
                o.string("serviceName", d.serviceName()));
    }

    private static FlowConfig.Cluster cluster(Obj o) {
        var d = FlowConfig.Cluster.DEFAULTS;
        o.only("name", "bindAddress", "portBase", "portCount", "members");
        String name = o.string("name", d.name());
        if (name.isBlank()) {
            throw o.error("name", "must not be blank");
        }
        String bind = o.string("bindAddress", d.bindAddress());
        if (bind.isBlank() || bind.chars().anyMatch(Character::isWhitespace)) {
            throw o.error("bindAddress", "must be an address without spaces, got \"" + bind + "\"");
        }
        int portBase = o.integer("portBase", d.portBase(), 1, 65535);
        int portCount = o.integer("portCount", d.portCount(), 1, 100);
        if (portBase + portCount - 1 > 65535) {
            throw o.error(
                    "portCount",
                    "ports " + portBase + ".." + (portBase + portCount - 1) + " run past 65535 (portBase " + portBase
                            + ")");
        }
        List<String> members = o.strings("members", d.members());
        if (members.isEmpty()) {
            throw o.error("members", "must name at least one member address");
        }
        for (int i = 0; i < members.size(); i++) {
            String m = members.get(i);
            if (m.isBlank() || m.chars().anyMatch(Character::isWhitespace)) {
                throw o.error("members[" + i + "]", "must be host or host:port without spaces, got \"" + m + "\"");
            }
        }
        return new FlowConfig.Cluster(name, bind, portBase, portCount, members);
    }

    /** Durations: "250ms", "10s", "2m", "1h", ISO-8601 "PT10S", or a number of milliseconds. */
    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
            }
            record Unit(String suffix, Function<Long, Duration> f) {}
            for (Unit u : List.of(
                    new Unit("ms", Duration::ofMillis),
                    new Unit("s", Duration::ofSeconds),
                    new Unit("m", Duration::ofMinutes),
                    new Unit("h", Duration::ofHours))) {
                if (t.endsWith(u.suffix()) && t.length() > u.suffix().length()) {
                    String num =
                            t.substring(0, t.length() - u.suffix().length()).trim();
                    if (num.chars().allMatch(Character::isDigit)) {
                        return u.f().apply(Long.parseLong(num));
                    }
                }
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** One object of the file, with its dotted path for messages. */
    private static final class Obj {
        final String source;
        final String path;
        final JsonNode node;

        Obj(String source, String path, JsonNode node) {
            this.source = source;
            this.path = path;
            this.node = node;
            if (node != null && !node.isObject()) {
                throw new ConfigException(
                        source + ": " + (path.isEmpty() ? "the file" : path)
                                + " must be an object (a map of keys), got "
                                + node.getNodeType().name().toLowerCase(Locale.ROOT),
                        path);
            }
        }

        String key(String k) {
            return path.isEmpty() ? k : path + "." + k;
        }

        ConfigException error(String k, String message) {
            return new ConfigException(source + ": " + key(k) + ": " + message, key(k));
        }

        void only(String... known) {
            if (node == null) {
                return;
            }
            List<String> names = List.of(known);
            for (var it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!names.contains(k)) {
                    throw error(k, "unknown key" + closest(k, names) + "; known keys here: " + names);
                }
            }
        }

        Obj obj(String k) {
            return new Obj(source, key(k), node == null ? null : node.get(k));
        }

        JsonNode get(String k) {
            JsonNode v = node == null ? null : node.get(k);
            return v == null || v.isNull() ? null : v;
        }

        String string(String k, String d) {
            JsonNode v = get(k);
            if (v == null) {
                return d;
            }
            if (!v.isTextual()) {
                throw error(k, "must be a string, got " + v);
            }
            return v.asText();
        }

        List<String> strings(String k, List<String> d) {
            JsonNode v = get(k);
            if (v == null) {
                return d;
            }
            if (!v.isArray()) {
                throw error(k, "must be a list of strings, got " + v);
            }
            List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                if (!e.isTextual()) {
                    throw error(k + "[" + i + "]", "must be a string, got " + e);
                }
                out.add(e.asText());
            }
            return out;
        }

        boolean bool(String k, boolean d) {
            JsonNode v = get(k);
            if (v == null) {
                return d;
            }
            if (!v.isBoolean()) {
                throw error(k, "must be true or false, got " + v);
            }
            return v.asBoolean();
        }

        int integer(String k, int d, int min, int max) {
            return (int) longValue(k, d, min, max);
        }

        long longValue(String k, long d, long min, long max) {
            JsonNode v = get(k);
            if (v == null) {
                return d;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw error(k, "must be a whole number, got " + v);
            }
            long x = v.asLong();
            if (x < min || x > max) {
                throw error(k, "must be from " + min + " to " + max + ", got " + x);
            }
            return x;
        }

        Duration duration(String k, Duration d) {
            JsonNode v = get(k);
            if (v == null) {
                return d;
            }
            Duration out = v.isIntegralNumber()
                    ? Duration.ofMillis(v.asLong())
                    : v.isTextual() ? parseDuration(v.asText()) : null;
            if (out == null || out.isNegative()) {
                throw error(
                        k,
                        "must be a duration like \"250ms\", \"10s\", \"2m\" or \"PT10S\" (or a number of ms), got "
                                + v);
            }
            return out;
        }

        private static String closest(String k, List<String> names) {
            String best = null;
            int bestD = Integer.MAX_VALUE;
            for (String n : names) {
                int d = distance(k.toLowerCase(Locale.ROOT), n.toLowerCase(Locale.ROOT));
                if (d < bestD) {
                    bestD = d;
                    best = n;
                }
            }
            return best != null && bestD <= Math.max(2, k.length() / 3) ? " (did you mean " + best + "?)" : "";
        }

        private static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
            return prev[b.length()];
        }
    }
}
