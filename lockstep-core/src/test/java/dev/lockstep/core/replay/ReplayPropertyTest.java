package dev.lockstep.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.time.ClockReading;
import dev.lockstep.core.time.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class ReplayPropertyTest {
    /** One append: how far time moves (saturating), which source, what value. */
    record Op(long step, String source, Object value) {}

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> bytes =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> b);
        Arbitrary<Object> big = Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(70_000)
                .ofMaxSize(70_100)
                .map(b -> b);
        Arbitrary<Object> strings = Arbitraries.oneOf(
                        Arbitraries.strings()
                                .withCharRange('\u0000', '\uD7FF')
                                .withCharRange('\uE000', '\uFFFF')
                                .ofMaxLength(40),
                        Arbitraries.of("", "\uD83D\uDE00", "a\uD83C\uDFB5b", "ünïcødé"))
                .map(s -> s);
        Arbitrary<Object> longs = Arbitraries.longs().map(v -> v);
        Arbitrary<Object> ints = Arbitraries.integers().map(v -> v);
        Arbitrary<Object> doubles = Arbitraries.oneOf(
                        Arbitraries.doubles(), Arbitraries.longs().map(Double::longBitsToDouble))
                .map(v -> v);
        Arbitrary<Object> booleans = Arbitraries.of(true, false).map(v -> v);
        Arbitrary<Object> longArrays =
                Arbitraries.longs().array(long[].class).ofMaxSize(20).map(v -> v);
        Arbitrary<Object> readings = Combinators.combine(Arbitraries.of(ClockReading.Kind.class), Arbitraries.longs())
                .as(ClockReading::new)
                .map(v -> v);
        return Arbitraries.frequencyOf(
                Tuple.of(10, bytes),
                Tuple.of(1, big),
                Tuple.of(10, strings),
                Tuple.of(10, longs),
                Tuple.of(5, ints),
                Tuple.of(5, doubles),
                Tuple.of(3, booleans),
                Tuple.of(5, longArrays),
                Tuple.of(5, readings));
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> steps = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(0L)),
                Tuple.of(6, Arbitraries.longs().between(1, 3)),
                Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)));
        Arbitrary<String> sources = Arbitraries.of("a", "b", "çå", "x".repeat(255), "input/keyboard");
        return Combinators.combine(steps, sources, values()).as(Op::new).list().ofMaxSize(60);
    }

    @Property(tries = 150)
    void randomRecordSequencesRoundTripExactly(
            @ForAll("ops") List<Op> ops,
            @ForAll long start,
            @ForAll("policies") Durability durability,
            @ForAll boolean flushSometimes)
            throws Exception {
        Path log = Files.createTempFile("replay-prop", ".log");
        try {
            Files.delete(log);
            VirtualClock clock = new VirtualClock();
            long[] times = new long[ops.size()];
            long t = start;
            try (ReplayRecorder r = ReplayLog.recorder(log)
                    .durability(durability)
                    .clock(clock)
                    .backgroundFlush(false)
                    .open()) {
                for (int i = 0; i < ops.size(); i++) {
                    Op op = ops.get(i);
                    t = t + op.step() < t ? Long.MAX_VALUE : t + op.step(); // saturate
                    times[i] = t;
                    r.append(t, op.source(), op.value());
                    clock.advance(3_000_000);
                    if (flushSometimes && i % 7 == 3) {
                        r.flushIfDue();
                    }
                }
            }
            List<ReplayRecord> back = ReplayLog.readAll(log);
            assertThat(back).hasSameSizeAs(ops);
            for (int i = 0; i < ops.size(); i++) {
                ReplayRecord rec = back.get(i);
                assertThat(rec.logicalTime()).isEqualTo(times[i]);
                assertThat(rec.source()).isEqualTo(ops.get(i).source());
                assertThat(ReplayRoundTripTest.sameValue(rec.value(), ops.get(i).value()))
                        .as("record %d: %s", i, ops.get(i).value())
                        .isTrue();
            }
            assertThat(ReplayLog.verify(log).records()).isEqualTo(ops.size());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Provide
    Arbitrary<Durability> policies() {
        return Arbitraries.of(Durability.onClose(), Durability.eachRecord(), Durability.everyMillis(10));
    }
}
