package dev.lockstep.core.trace.internal;

import dev.lockstep.core.trace.TraceEvent;
import dev.lockstep.core.trace.TraceFileException;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TracePhase;
import dev.lockstep.core.trace.TraceSnapshot;
import dev.lockstep.core.trace.TraceThread;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Lines trace format, version {@value #VERSION} (specified in docs/core/trace.md): a
 * header object on line 1 (format, version, clock readings, counts, threads, kinds), then one
 * event object per line in time order. The reader is strict: a missing or mistyped field, an
 * unknown kind, phase or thread, or a file with fewer or more events than its header says, is a
 * {@link TraceFileException} naming the file and line.
 */
final class JsonLines {
    private JsonLines() {}

    static final String FORMAT = "lockstep-trace";
    static final int VERSION = 1;

    // ---- writing ----

    static void write(TraceSnapshot snapshot, Writer out) throws IOException {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"format\":\"" + FORMAT + "\",\"version\":").append(VERSION);
        b.append(",\"nanosAtSnapshot\":").append(snapshot.nanosAtSnapshot());
        b.append(",\"wallClockMillis\":").append(snapshot.wallClockMillis());
        b.append(",\"events\":").append(snapshot.events().size());
        b.append(",\"dropped\":").append(snapshot.dropped());
        b.append(",\"torn\":").append(snapshot.torn());
        b.append(",\"droppedFromFinishedThreads\":").append(snapshot.droppedFromFinishedThreads());
        b.append(",\"threads\":[");
        String sep = "";
        for (TraceThread t : snapshot.threads()) {
            b.append(sep).append("{\"id\":").append(t.id()).append(",\"name\":");
            Json.quote(b, t.name());
            b.append(",\"recorded\":").append(t.recorded());
            b.append(",\"dropped\":").append(t.dropped());
            b.append(",\"torn\":").append(t.torn()).append('}');
            sep = ",";
        }
        b.append("],\"kinds\":[");
        sep = "";
        for (TraceKind k : snapshot.kinds()) {
            b.append(sep).append("{\"name\":");
            Json.quote(b, k.name()).append(",\"category\":");
            Json.quote(b, k.category())
                    .append(",\"type\":\"")
                    .append(k.type().word())
                    .append("\",\"logicalTime\":");
            Json.quote(b, k.logicalTimeName()).append(",\"a\":");
            Json.quote(b, k.fieldAName()).append(",\"b\":");
            Json.quote(b, k.fieldBName()).append('}');
            sep = ",";
        }
        b.append("]}\n");
        out.write(b.toString());
        for (TraceEvent e : snapshot.events()) {
            b.setLength(0);
            b.append("{\"kind\":");
            Json.quote(b, e.kind().name());
            b.append(",\"phase\":\"").append(e.phase().word()).append('"');
            b.append(",\"nanos\":").append(e.nanos());
            if (e.phase() == TracePhase.COMPLETE) {
                b.append(",\"duration\":").append(e.durationNanos());
            }
            b.append(",\"logicalTime\":").append(e.logicalTime());
            b.append(",\"thread\":").append(e.threadId());
            b.append(",\"a\":").append(e.a());
            b.append(",\"b\":").append(e.b()).append("}\n");
            out.write(b.toString());
        }
    }

    // ---- reading ----

    /** Reads a whole JSON Lines trace from {@code in}; {@code file} names it in errors. */
    static TraceSnapshot read(Path file, BufferedReader in) throws IOException {
        String first = in.readLine();
        if (first == null || first.isBlank()) {
            throw new TraceFileException(file, 1, "the file is empty; a trace file starts with its header line");
        }
        Map<String, Object> header = object(file, 1, first);
        Object format = header.get("format");
        if (!FORMAT.equals(format)) {
            throw new TraceFileException(
                    file,
                    1,
                    "not a Lockstep trace: the header's \"format\" is " + show(format) + ", not \"" + FORMAT + "\"");
        }
        long version = integer(file, 1, header, "version");
        if (version != VERSION) {
            throw new TraceFileException(
                    file,
                    1,
                    "trace format version " + version + " is not supported (this reader knows " + VERSION + ")");
        }
        long expected = integer(file, 1, header, "events");
        Map<Long, TraceThread> threads = new HashMap<>();
        List<TraceThread> threadList = new ArrayList<>();
        for (Map<String, Object> t : objects(file, 1, header, "threads")) {
            TraceThread thread = new TraceThread(
                    integer(file, 1, t, "id"),
                    text(file, 1, t, "name"),
                    integer(file, 1, t, "recorded"),
                    integer(file, 1, t, "dropped"),
                    integer(file, 1, t, "torn"));
            if (threads.put(thread.id(), thread) != null) {
                throw new TraceFileException(file, 1, "thread " + thread.id() + " is listed twice in the header");
            }
            threadList.add(thread);
        }
        Map<String, TraceKind> kinds = new HashMap<>();
        for (Map<String, Object> k : objects(file, 1, header, "kinds")) {
            String name = text(file, 1, k, "name");
            String typeWord = text(file, 1, k, "type");
            TraceKind.Type type = TraceKind.Type.ofWord(typeWord);
            if (type == null) {
                throw new TraceFileException(file, 1, "kind '" + name + "' has unknown type \"" + typeWord + "\"");
            }
            try {
                kinds.put(
                        name,
                        TraceKind.describe(
                                name,
                                text(file, 1, k, "category"),
                                type,
                                text(file, 1, k, "logicalTime"),
                                text(file, 1, k, "a"),
                                text(file, 1, k, "b")));
            } catch (IllegalArgumentException e) {
                throw new TraceFileException(file, 1, e.getMessage(), e);
            }
        }
        List<TraceEvent> events = new ArrayList<>();
        long lineNo = 1;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            events.add(event(file, lineNo, object(file, lineNo, line), kinds, threads));
        }
        if (events.size() != expected) {
            throw new TraceFileException(
                    file,
                    lineNo,
                    "the header says " + expected + " events but the file has " + events.size()
                            + (events.size() < expected ? " (truncated?)" : ""));
        }
        return new TraceSnapshot(
                integer(file, 1, header, "nanosAtSnapshot"),
                integer(file, 1, header, "wallClockMillis"),
                threadList,
                integer(file, 1, header, "droppedFromFinishedThreads"),
                events);
    }

    private static TraceEvent event(
            Path file, long line, Map<String, Object> o, Map<String, TraceKind> kinds, Map<Long, TraceThread> threads) {
        String kindName = text(file, line, o, "kind");
        TraceKind kind = kinds.get(kindName);
        if (kind == null) {
            throw new TraceFileException(file, line, "kind '" + kindName + "' is not in the header's kinds");
        }
        String phaseWord = text(file, line, o, "phase");
        TracePhase phase = TracePhase.ofWord(phaseWord);
        if (phase == null) {
            throw new TraceFileException(
                    file, line, "unknown phase \"" + phaseWord + "\" (valid: begin, end, complete, instant, counter)");
        }
        long threadId = integer(file, line, o, "thread");
        TraceThread thread = threads.get(threadId);
        if (thread == null) {
            throw new TraceFileException(file, line, "thread " + threadId + " is not in the header's threads");
        }
        long duration = phase == TracePhase.COMPLETE ? integer(file, line, o, "duration") : 0;
        try {
            return new TraceEvent(
                    kind,
                    phase,
                    integer(file, line, o, "nanos"),
                    duration,
                    integer(file, line, o, "logicalTime"),
                    threadId,
                    thread.name(),
                    integer(file, line, o, "a"),
                    integer(file, line, o, "b"));
        } catch (IllegalArgumentException e) {
            throw new TraceFileException(file, line, e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Path file, long line, String text) {
        Object v;
        try {
            v = Json.parse(text);
        } catch (Json.SyntaxException e) {
            throw new TraceFileException(file, line, "column " + e.column + ": " + e.getMessage(), e);
        }
        if (!(v instanceof Map)) {
            throw new TraceFileException(file, line, "a JSON object was expected, found " + show(v));
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Path file, long line, Map<String, Object> o, String field) {
        Object v = o.get(field);
        if (!(v instanceof List<?> list)) {
            throw new TraceFileException(file, line, "field \"" + field + "\" must be an array, found " + show(v));
        }
        for (Object item : list) {
            if (!(item instanceof Map)) {
                throw new TraceFileException(
                        file, line, "field \"" + field + "\" must hold objects, found " + show(item));
            }
        }
        return (List<Map<String, Object>>) (List<?>) list;
    }

    private static long integer(Path file, long line, Map<String, Object> o, String field) {
        Object v = o.get(field);
        if (v instanceof Long l) {
            return l;
        }
        throw new TraceFileException(
                file,
                line,
                (v == null && !o.containsKey(field)
                        ? "missing field \"" + field + "\""
                        : "field \"" + field + "\" must be an integer, found " + show(v)));
    }

    private static String text(Path file, long line, Map<String, Object> o, String field) {
        Object v = o.get(field);
        if (v instanceof String s) {
            return s;
        }
        throw new TraceFileException(
                file,
                line,
                (v == null && !o.containsKey(field)
                        ? "missing field \"" + field + "\""
                        : "field \"" + field + "\" must be a string, found " + show(v)));
    }

    private static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return Json.quote(new StringBuilder(), s.length() > 40 ? s.substring(0, 40) + "..." : s)
                    .toString();
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return v.toString();
    }
}
