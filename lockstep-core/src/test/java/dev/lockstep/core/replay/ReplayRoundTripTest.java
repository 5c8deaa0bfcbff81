package dev.lockstep.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.time.Clock;
import dev.lockstep.core.time.ClockReading;
import dev.lockstep.core.time.RecordingClock;
import dev.lockstep.core.time.ReplayClock;
import dev.lockstep.core.time.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplayRoundTripTest {
    @TempDir
    Path dir;

    record Point(int x, int y) {}

    static final Codec<Point> POINT = Codec.of(
            "point",
            Point.class,
            (p, out) -> out.writeInt(p.x()).writeInt(p.y()),
            in -> new Point(in.readInt(), in.readInt()));

    static Stream<Arguments> everyDefaultCodec() {
        return Stream.of(
                Arguments.of("bytes", new byte[] {1, 2, 3, -1, 0}),
                Arguments.of("bytes", new byte[0]),
                Arguments.of("string", "héllo, wörld \uD83D\uDE00 ✓"),
                Arguments.of("string", ""),
                Arguments.of("long", Long.MIN_VALUE),
                Arguments.of("long", -1L),
                Arguments.of("int", Integer.MAX_VALUE),
                Arguments.of("double", Double.longBitsToDouble(0x7ff8_dead_beef_0001L)), // a NaN with payload
                Arguments.of("double", -0.0),
                Arguments.of("boolean", true),
                Arguments.of("boolean", false),
                Arguments.of("long[]", new long[] {1, Long.MAX_VALUE, -7}),
                Arguments.of("long[]", new long[0]),
                Arguments.of("clock-reading", new ClockReading(ClockReading.Kind.NANO_TIME, 123_456_789L)),
                Arguments.of("clock-reading", new ClockReading(ClockReading.Kind.CURRENT_TIME_MILLIS, -5L)));
    }

    /** Equality that compares arrays by content and doubles by their bits. */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        if (a instanceof long[] x && b instanceof long[] y) {
            return java.util.Arrays.equals(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
        }
        return a.equals(b);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyDefaultCodec")
    void everyDefaultCodecRoundTrips(String codec, Object value) {
        Path log = dir.resolve("one.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(5, "src", value);
        }
        List<ReplayRecord> all = ReplayLog.readAll(log);
        assertThat(all).hasSize(1);
        ReplayRecord rec = all.getFirst();
        assertThat(rec.codec()).isEqualTo(codec);
        assertThat(rec.source()).isEqualTo("src");
        assertThat(rec.logicalTime()).isEqualTo(5);
        assertThat(sameValue(rec.value(), value)).as("%s round-trips", value).isTrue();
    }

    @Test
    void byteLayoutOfASmallLogIsTheDocumentedOne() throws Exception {
        Path log = dir.resolve("small.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(1, "a", 7L);
        }
        byte[] b = Files.readAllBytes(log);
        // header 16 | SOURCE "a" 8+3 | CODEC "long" 8+6 | DATA 8+(1+10+1+1+8) | END 8+27
        assertThat(LogBytes.recordStarts(b)).containsExactly(16L, 27L, 41L, 70L, 105L);
        assertThat(new String(b, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("LSREPLAY");
        assertThat(b[8]).isEqualTo((byte) 0);
        assertThat(b[9]).isEqualTo((byte) 1);
        byte[] expected = new LogBytes()
                .source(0, "a")
                .codec(0, "long")
                .dataLong(1L - Long.MIN_VALUE, 0, 0, 7L)
                .end(1)
                .bytes();
        assertThat(b).isEqualTo(expected);
    }

    @Test
    void sourcesAndCodecsAreDeclaredOnceAndNamedInTheSummary() {
        Path log = dir.resolve("many.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(0, "keys", "a");
            r.append(0, "mouse", 3L);
            r.append(1, "keys", "b");
            r.append(2, "mouse", 4L);
            r.append(2, "keys", 9L);
        }
        LogSummary s = ReplayLog.verify(log);
        assertThat(s.records()).isEqualTo(5);
        assertThat(s.sources()).containsExactly("keys", "mouse");
        assertThat(s.codecs()).containsExactly("string", "long");
        assertThat(s.recovered()).isFalse();
        List<String> seen = new ArrayList<>();
        ReplayLog.replay(log, rec -> seen.add(rec.logicalTime() + ":" + rec.source() + "=" + rec.value()));
        assertThat(seen).containsExactly("0:keys=a", "0:mouse=3", "1:keys=b", "2:mouse=4", "2:keys=9");
    }

    @Test
    void userCodecsRoundTripThroughTheRegistryOrExplicitly() {
        CodecRegistry codecs = CodecRegistry.defaults().with(POINT);
        Path log = dir.resolve("points.log");
        try (ReplayRecorder r = ReplayLog.recorder(log)
                .codecs(codecs)
                .durability(Durability.onClose())
                .open()) {
            r.append(0, "p", new Point(1, 2));
            r.append(1, "p", new Point(-3, 4), POINT);
        }
        assertThat(ReplayLog.readAll(log, codecs))
                .extracting(ReplayRecord::value)
                .containsExactly(new Point(1, 2), new Point(-3, 4));
    }

    @Test
    void registryRefusesATakenNameAndPicksCodecsByTypeInRegistrationOrder() {
        Codec<String> shout = Codec.of(
                "string", String.class, (s, out) -> out.writeUtf8(s.toUpperCase()), in -> in.readUtf8(in.remaining()));
        assertThatThrownBy(() -> CodecRegistry.defaults().with(shout))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'string' is taken");
        Codec<CharSequence> chars = Codec.of(
                "chars",
                CharSequence.class,
                (s, out) -> out.writeUtf8(s.toString()),
                in -> in.readUtf8(in.remaining()));
        CodecRegistry r = CodecRegistry.empty().with(chars);
        assertThat(r.forType(StringBuilder.class)).isSameAs(chars);
        assertThat(CodecRegistry.defaults().with(chars).forType(String.class)).isSameAs(Codecs.STRING);
        assertThat(r.forType(Long.class)).isNull();
        assertThat(CodecRegistry.defaults().names())
                .containsExactly("bytes", "string", "long", "int", "double", "boolean", "long[]", "clock-reading");
    }

    @Test
    void logicalTimesSpanTheWholeLongRange() {
        Path log = dir.resolve("extremes.log");
        long[] times = {Long.MIN_VALUE, Long.MIN_VALUE, -1, 0, 0, 1L << 40, Long.MAX_VALUE, Long.MAX_VALUE};
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            for (long t : times) {
                r.append(t, "t", t);
            }
        }
        assertThat(ReplayLog.readAll(log))
                .extracting(ReplayRecord::logicalTime)
                .containsExactly(java.util.Arrays.stream(times).boxed().toArray(Long[]::new));
    }

    @Test
    void largePayloadsCrossTheBatchAndReadAheadBuffers() {
        Path log = dir.resolve("large.log");
        byte[] big = new byte[3 * ReplayRecorder.BATCH_BYTES + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(0, "small", 1L);
            r.append(1, "big", big);
            r.append(2, "small", 2L);
        }
        List<ReplayRecord> all = ReplayLog.readAll(log);
        assertThat(all).hasSize(3);
        assertThat((byte[]) all.get(1).value()).isEqualTo(big);
        assertThat(all.get(2).value()).isEqualTo(2L);
    }

    @Test
    void oneCallRecordsARunAndAReplayClockIsFedFromTheLog() {
        Path log = dir.resolve("clock.log");
        VirtualClock source = new VirtualClock(1_000, 50);
        long[] instant = {0};
        List<Long> firstRun = new ArrayList<>();
        long records = ReplayLog.record(log, Durability.eachRecord(), r -> {
            Clock clock = new RecordingClock(source, r.clockListener("clock", () -> instant[0]));
            for (; instant[0] < 3; instant[0]++) {
                r.append(instant[0], "input", instant[0] * 10);
                source.advance(7_000_000);
                firstRun.add(clock.nanoTime());
                firstRun.add(clock.currentTimeMillis());
            }
        });
        assertThat(records).isEqualTo(9);
        ReplayClock replay = new ReplayClock(ReplayLog.clockReadings(log, "clock"));
        List<Long> secondRun = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            secondRun.add(replay.nanoTime());
            secondRun.add(replay.currentTimeMillis());
        }
        assertThat(secondRun).isEqualTo(firstRun);
        assertThat(replay.remaining()).isZero();
    }

    @Test
    void streamingReaderIteratesOnceAndGivesTheSummaryAtTheEnd() {
        Path log = dir.resolve("stream.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            for (int i = 0; i < 10; i++) {
                r.append(i, "n", i);
            }
        }
        try (ReplayReader reader = ReplayLog.open(log)) {
            assertThatThrownBy(reader::summary).isInstanceOf(IllegalStateException.class);
            assertThat(reader.stream().mapToInt(rec -> rec.value(Integer.class)).sum())
                    .isEqualTo(45);
            assertThat(reader.summary().records()).isEqualTo(10);
            assertThatThrownBy(reader::iterator).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(reader::next).isInstanceOf(java.util.NoSuchElementException.class);
        }
    }

    @Test
    void aValueOfTheWrongTypeIsADivergenceNamingTheRecord() {
        Path log = dir.resolve("types.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(3, "x", "text");
        }
        ReplayRecord rec = ReplayLog.readAll(log).getFirst();
        assertThatThrownBy(() -> rec.value(Long.class))
                .isInstanceOf(ReplayDivergenceException.class)
                .hasMessageContaining("offset " + rec.offset())
                .hasMessageContaining("source 'x'")
                .hasMessageContaining("java.lang.String");
    }
}
