package dev.lockstep.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three exporters, read back by an independent parser or tool, and the readers' errors. */
class TraceFilesTest {
    @TempDir
    Path dir;

    static final TraceKind STEP =
            TraceKind.describe("files.step", "files", TraceKind.Type.SPAN, "request", "step", "status");
    static final TraceKind MARK = TraceKind.describe("files.mark", "files", TraceKind.Type.INSTANT, "tick", "a", "b");
    static final TraceKind LOAD =
            TraceKind.describe("files.load", "files", TraceKind.Type.COUNTER, "tick", "used", "free");

    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void off() {
        Trace.disable();
    }

    /** Two threads (one with an awkward name), every phase, an END whose BEGIN was lost. */
    static TraceSnapshot sample() {
        String odd = "worker \"1\"\t\u00e9\u2028";
        List<TraceEvent> events = List.of(
                new TraceEvent(STEP, TracePhase.BEGIN, 10_000, 0, 7, 1, "main", 1, 0),
                new TraceEvent(MARK, TracePhase.INSTANT, 10_500, 0, 3, 2, odd, -5, Long.MAX_VALUE),
                new TraceEvent(STEP, TracePhase.COMPLETE, 11_000, 2_345, 8, 2, odd, 2, 200),
                new TraceEvent(LOAD, TracePhase.COUNTER, 12_000, 0, 4, 1, "main", 30, 70),
                new TraceEvent(STEP, TracePhase.END, 14_001, 0, 7, 1, "main", 1, 404),
                new TraceEvent(STEP, TracePhase.END, 15_000, 0, 6, 2, odd, 9, 500));
        return new TraceSnapshot(
                20_000,
                1_700_000_000_000L,
                List.of(new TraceThread(1, "main", 10, 6, 1), new TraceThread(2, odd, 3, 0, 0)),
                4,
                events);
    }

    @Test
    void jsonLinesReadsBackToTheSameSnapshot() {
        Path file = dir.resolve("t.jsonl");
        TraceSnapshot s = sample();
        s.write(file);
        assertThat(TraceSnapshot.read(file)).isEqualTo(s);
    }

    @Test
    void jsonLinesHasAVersionedHeaderAndOneEventPerLine() throws Exception {
        Path file = dir.resolve("t.jsonl");
        sample().write(file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1 + 6);
        JsonNode header = json.readTree(lines.getFirst());
        assertThat(header.get("format").asText()).isEqualTo("lockstep-trace");
        assertThat(header.get("version").asInt()).isEqualTo(1);
        assertThat(header.get("events").asInt()).isEqualTo(6);
        assertThat(header.get("dropped").asLong()).isEqualTo(10); // 6 + 4 from released rings
        assertThat(header.get("torn").asLong()).isEqualTo(1);
        assertThat(header.get("threads").get(1).get("name").asText()).isEqualTo("worker \"1\"\t\u00e9\u2028");
        JsonNode kind = header.get("kinds").get(0);
        assertThat(kind.get("name").asText()).isEqualTo("files.step");
        assertThat(kind.get("type").asText()).isEqualTo("span");
        assertThat(kind.get("logicalTime").asText()).isEqualTo("request");
        JsonNode complete = json.readTree(lines.get(3));
        assertThat(complete.get("kind").asText()).isEqualTo("files.step");
        assertThat(complete.get("phase").asText()).isEqualTo("complete");
        assertThat(complete.get("nanos").asLong()).isEqualTo(11_000);
        assertThat(complete.get("duration").asLong()).isEqualTo(2_345);
        assertThat(complete.get("thread").asLong()).isEqualTo(2);
        assertThat(complete.get("b").asLong()).isEqualTo(200);
        assertThat(json.readTree(lines.get(2)).get("b").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(json.readTree(lines.get(2)).has("duration")).isFalse();
    }

    @Test
    void chromeTraceHasTheViewersShape() throws Exception {
        Path file = dir.resolve("t.json");
        sample().write(file);
        JsonNode root = json.readTree(file.toFile());
        JsonNode events = root.get("traceEvents");
        assertThat(root.get("displayTimeUnit").asText()).isEqualTo("ns");
        List<JsonNode> meta = new ArrayList<>();
        List<JsonNode> real = new ArrayList<>();
        events.forEach(e -> (e.get("ph").asText().equals("M") ? meta : real).add(e));
        assertThat(meta)
                .extracting(e -> e.get("name").asText())
                .containsExactly("process_name", "thread_name", "thread_name");
        assertThat(meta.get(2).get("tid").asLong()).isEqualTo(2);
        assertThat(meta.get(2).get("args").get("name").asText()).isEqualTo("worker \"1\"\t\u00e9\u2028");
        assertThat(real).extracting(e -> e.get("ph").asText()).containsExactly("B", "i", "X", "C", "E");
        JsonNode begin = real.get(0);
        assertThat(begin.get("name").asText()).isEqualTo("files.step");
        assertThat(begin.get("cat").asText()).isEqualTo("files");
        assertThat(begin.get("ts").asDouble()).isEqualTo(0.0);
        assertThat(begin.get("pid").asInt()).isEqualTo(1);
        assertThat(begin.get("tid").asLong()).isEqualTo(1);
        assertThat(begin.get("args").get("request").asLong()).isEqualTo(7);
        assertThat(begin.get("args").get("step").asLong()).isEqualTo(1);
        JsonNode instant = real.get(1);
        assertThat(instant.get("ts").asDouble()).isEqualTo(0.5);
        assertThat(instant.get("s").asText()).isEqualTo("t");
        assertThat(instant.get("args").get("b").asLong()).isEqualTo(Long.MAX_VALUE);
        JsonNode complete = real.get(2);
        assertThat(complete.get("ts").asDouble()).isEqualTo(1.0);
        assertThat(complete.get("dur").asDouble()).isEqualTo(2.345);
        JsonNode counter = real.get(3);
        assertThat(counter.get("args").size()).isEqualTo(2);
        assertThat(counter.get("args").get("used").asLong()).isEqualTo(30);
        JsonNode end = real.get(4);
        assertThat(end.get("ts").asText()).isEqualTo("4.001");
        assertThat(end.get("args").get("status").asLong()).isEqualTo(404);
        // thread 2's END had no BEGIN in the trace: left out, and said so
        assertThat(root.get("otherData").get("unmatchedEnds").asText()).isEqualTo("1");
        assertThat(root.get("otherData").get("dropped").asText()).isEqualTo("10");
    }

    @Test
    void chromeFilesAreRefusedAsInputWithAdvice() {
        Path file = dir.resolve("t.json");
        sample().write(file);
        assertThatThrownBy(() -> TraceSnapshot.read(file))
                .isInstanceOf(TraceFileException.class)
                .hasMessageContaining(file + ":1: this is a Chrome trace");
    }

    @Test
    void jfrRecordingReadsBackToTheSameSnapshot() throws Exception {
        Path file = dir.resolve("t.jfr");
        TraceSnapshot s = sample();
        s.write(file);
        assertThat(TraceSnapshot.read(file)).isEqualTo(s);
        List<RecordedEvent> trace = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("dev.lockstep.Trace")) {
                trace.add(e);
            }
        }
        assertThat(trace).hasSize(6);
        RecordedEvent complete = trace.stream()
                .filter(e -> e.getString("phase").equals("complete"))
                .findFirst()
                .orElseThrow();
        assertThat(complete.getString("kind")).isEqualTo("files.step");
        assertThat(complete.getLong("logicalTime")).isEqualTo(8);
        assertThat(complete.getString("logicalTimeName")).isEqualTo("request");
        assertThat(complete.getDuration("spanDuration").toNanos()).isEqualTo(2_345);
        assertThat(complete.getLong("traceThreadId")).isEqualTo(2);
        assertThat(complete.getEventType().getLabel()).isEqualTo("Lockstep Trace");
    }

    /** The JDK's own tool reads what we write. */
    @Test
    void jfrPrintShowsTheEvents() throws Exception {
        Path file = dir.resolve("t.jfr");
        sample().write(file);
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Process p = new ProcessBuilder(jfr.toString(), "print", "--events", "dev.lockstep.Trace", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("dev.lockstep.Trace {", "kind = \"files.step\"", "phase = \"complete\"");
        assertThat(out)
                .containsPattern("spanDuration = (0\\.00235 ms|2\\.35 us)")
                .contains("logicalTime = 8");
        assertThat(out.split("dev.lockstep.Trace \\{", -1)).hasSize(7);
    }

    /** Live mode: recorded events show up in a JFR recording running at the time. */
    @Test
    void jfrLiveModeCommitsEachRecordedEvent() throws Exception {
        TraceKind live = TraceKind.register("files.live", "files", TraceKind.Type.SPAN, "tick", "x", "y");
        Path file = dir.resolve("live.jfr");
        try (Recording r = new Recording()) {
            r.enable("dev.lockstep.Trace").withoutStackTrace();
            r.start();
            Trace.enable(TraceOptions.defaults().withJfr(true));
            Trace.begin(live, 41, 1, 2);
            Trace.end(live, 41, 3, 4);
            Trace.disable();
            Trace.instant(MARK, 0); // disabled: neither ring nor JFR
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> trace = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("dev.lockstep.Trace")) {
                trace.add(e);
            }
        }
        assertThat(trace).extracting(e -> e.getString("phase")).containsExactly("begin", "end");
        assertThat(trace.getFirst().getThread().getJavaThreadId())
                .isEqualTo(Thread.currentThread().threadId());
        assertThat(trace.get(1).getString("bName")).isEqualTo("y");
        assertThat(trace.get(1).getLong("b")).isEqualTo(4);
        TraceSnapshot back = TraceSnapshot.read(file);
        assertThat(back.events()).extracting(TraceEvent::phase).containsExactly(TracePhase.BEGIN, TracePhase.END);
        assertThat(back.events().get(1).b()).isEqualTo(4);
        assertThat(back.threads()).extracting(TraceThread::recorded).containsExactly(2L);
    }

    @Test
    void theFormatComesFromTheFileName() {
        assertThat(TraceFormat.forFile(Path.of("a/t.jsonl"))).isEqualTo(TraceFormat.JSON_LINES);
        assertThat(TraceFormat.forFile(Path.of("t.JSON"))).isEqualTo(TraceFormat.CHROME);
        assertThat(TraceFormat.forFile(Path.of("t.jfr"))).isEqualTo(TraceFormat.JFR);
        assertThatThrownBy(() -> TraceFormat.forFile(Path.of("t.txt")))
                .hasMessageContaining("cannot tell the trace format of t.txt");
        assertThat(TraceFormat.named("chrome")).isEqualTo(TraceFormat.CHROME);
        assertThatThrownBy(() -> TraceFormat.named("xml")).hasMessageContaining("valid: jsonl, chrome, jfr");
    }

    // ---- bad input: every error names the file and the line ----

    private String header(int events) {
        return "{\"format\":\"lockstep-trace\",\"version\":1,\"nanosAtSnapshot\":0,\"wallClockMillis\":0,"
                + "\"events\":" + events + ",\"dropped\":0,\"torn\":0,\"droppedFromFinishedThreads\":0,"
                + "\"threads\":[{\"id\":1,\"name\":\"main\",\"recorded\":1,\"dropped\":0,\"torn\":0}],"
                + "\"kinds\":[{\"name\":\"k\",\"category\":\"c\",\"type\":\"instant\",\"logicalTime\":\"t\","
                + "\"a\":\"a\",\"b\":\"b\"}]}";
    }

    private static final String EVENT =
            "{\"kind\":\"k\",\"phase\":\"instant\",\"nanos\":5,\"logicalTime\":1,\"thread\":1,\"a\":0,\"b\":0}";

    private void refused(String content, String expected) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, content);
        assertThatThrownBy(() -> TraceSnapshot.read(file))
                .isInstanceOf(TraceFileException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining(expected);
    }

    @Test
    void aWellFormedHandWrittenFileReads() throws Exception {
        Path file = dir.resolve("ok.jsonl");
        Files.writeString(file, header(1) + "\n" + EVENT + "\n");
        TraceSnapshot s = TraceSnapshot.read(file);
        assertThat(s.events()).singleElement().extracting(TraceEvent::nanos).isEqualTo(5L);
    }

    @Test
    void badInputNamesTheFileAndLine() throws Exception {
        refused("", ":1: the file is empty");
        refused("{\"format\":\"other\"}", ":1: not a Lockstep trace");
        refused(header(1).replace("\"version\":1", "\"version\":9"), ":1: trace format version 9 is not supported");
        refused(header(1).replace("\"version\":1,", ""), ":1: missing field \"version\"");
        refused(
                header(1) + "\n" + EVENT.replace("\"nanos\":5", "\"nanos\":\"5\""),
                ":2: field \"nanos\" must be an integer");
        refused(header(2) + "\n" + EVENT + "\n" + EVENT.replace("}", ""), ":3: column 79: ',' or '}' was expected");
        refused(header(1) + "\n" + EVENT.replace("\"k\"", "\"zz\""), ":2: kind 'zz' is not in the header's kinds");
        refused(header(1) + "\n" + EVENT.replace("\"thread\":1", "\"thread\":4"), ":2: thread 4 is not in the header");
        refused(header(1) + "\n" + EVENT.replace("instant", "begin"), ":2: trace kind 'k' is an instant kind");
        refused(header(1) + "\n" + EVENT.replace("instant", "middle"), ":2: unknown phase \"middle\"");
        refused(header(2) + "\n" + EVENT + "\n", ":2: the header says 2 events but the file has 1 (truncated?)");
        refused(header(0) + "\n" + EVENT + "\n", "the header says 0 events but the file has 1");
        refused(header(1) + "\n[1,2]", ":2: a JSON object was expected, found an array");
        refused(header(1).replace("\"type\":\"instant\"", "\"type\":\"blob\""), ":1: kind 'k' has unknown type");
        refused(header(1).replace("\"name\":\"k\"", "\"name\":\"bad name\""), ":1: trace kind 'bad name'");
    }

    @Test
    void aMissingOrForeignFileIsNamed() throws Exception {
        assertThatThrownBy(() -> TraceSnapshot.read(dir.resolve("none.jsonl")))
                .isInstanceOf(TraceException.class)
                .hasMessageContaining("none.jsonl does not exist");
        Path jfr = dir.resolve("empty.jfr");
        try (Recording r = new Recording()) {
            r.start();
            r.stop();
            r.dump(jfr);
        }
        assertThatThrownBy(() -> TraceSnapshot.read(jfr))
                .isInstanceOf(TraceFileException.class)
                .hasMessageContaining("holds no dev.lockstep.Trace events");
        Path binary = dir.resolve("bin.jsonl");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> TraceSnapshot.read(binary)).hasMessageContaining("bin.jsonl");
    }

    @Test
    void writingWhereNoFileCanBeIsNamed() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "x");
        assertThatThrownBy(() -> sample().write(blocker.resolve("t.jsonl")))
                .isInstanceOf(TraceException.class)
                .hasMessageContaining("cannot write trace file " + blocker.resolve("t.jsonl"));
    }

    @Test
    void aRecordedTraceRoundTripsThroughEveryReadableFormat() throws Exception {
        TraceKind k = TraceKind.register("files.real", "files", TraceKind.Type.SPAN);
        Trace.enable();
        Trace.begin(k, 1, 0, 0);
        Thread t = Thread.ofPlatform().name("other").start(() -> Trace.complete(k, 2, Trace.now(), 3, 4));
        t.join();
        Trace.end(k, 1, 5, 6);
        TraceSnapshot s = Trace.disableAndWrite(dir.resolve("real.jsonl"));
        assertThat(TraceSnapshot.read(dir.resolve("real.jsonl"))).isEqualTo(s);
        s.write(dir.resolve("real.jfr"));
        assertThat(TraceSnapshot.read(dir.resolve("real.jfr"))).isEqualTo(s);
    }
}
