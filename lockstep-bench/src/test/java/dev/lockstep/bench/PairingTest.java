package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Pairing on synthetic measurements: every shape, and nothing silently dropped. */
class PairingTest {
    private static Measurement m(String benchmark, String mode, String unit, double median, Side... sides) {
        return new Measurement("b." + benchmark, mode, unit, median, List.of(sides));
    }

    @Test
    void oursAndOnePeerMakeOneRowWithTheOrientedRatio() {
        Pairing.Outcome o = Pairing.pair(List.of(
                m("Fib.ours", "avgt", "ms", 40, Side.ours("fib30")),
                m("Fib.fjp", "avgt", "ms", 44, Side.peer("fib30", "ForkJoinPool"))));
        assertThat(o.warnings()).isEmpty();
        assertThat(o.unpaired()).isEmpty();
        ResultRow r = o.rows().getFirst();
        assertThat(o.rows()).hasSize(1);
        assertThat(r.name()).isEqualTo("fib30");
        assertThat(r.unit()).isEqualTo("ms");
        assertThat(r.better()).isEqualTo("lower");
        assertThat(r.ours()).isEqualTo(40);
        assertThat(r.peer()).isEqualTo("ForkJoinPool");
        assertThat(r.peerValue()).isEqualTo(44);
        assertThat(r.peerSource()).isEqualTo("measured");
        assertThat(r.ratio()).isCloseTo(1.1, within(1e-9)); // lower is better: peer / ours
        assertThat(r.oursBenchmark()).isEqualTo("b.Fib.ours");
        assertThat(r.peerBenchmark()).isEqualTo("b.Fib.fjp");
    }

    @Test
    void bytesPerOperationFollowEachSideIntoItsRow() {
        Pairing.Outcome o = Pairing.pair(List.of(
                m("T.ours", "avgt", "ns", 2, Side.ours("t")).withAllocBytesPerOp(0.0),
                m("T.peer", "avgt", "ns", 2, Side.peer("t", "P")).withAllocBytesPerOp(16.0),
                m("U.ours", "avgt", "ns", 2, Side.ours("u")).withAllocBytesPerOp(8.0)));
        assertThat(o.rows()).hasSize(2);
        ResultRow t = o.rows().get(0);
        assertThat(t.oursAllocBytesPerOp()).isEqualTo(0.0);
        assertThat(t.peerAllocBytesPerOp()).isEqualTo(16.0);
        ResultRow u = o.rows().get(1);
        assertThat(u.oursAllocBytesPerOp()).isEqualTo(8.0);
        assertThat(u.peerAllocBytesPerOp()).isNull();
        assertThat(Pairing.pair(List.of(m("F.ours", "avgt", "ms", 1, Side.ours("f"))))
                        .rows()
                        .getFirst()
                        .hasAlloc())
                .isFalse();
    }

    @Test
    void throughputRatioIsOursOverPeer() {
        Pairing.Outcome o = Pairing.pair(List.of(
                m("Q.ours", "thrpt", "ops/us", 30, Side.ours("mpmc")),
                m("Q.jct", "thrpt", "ops/us", 20, Side.peer("mpmc", "JCTools"))));
        ResultRow r = o.rows().getFirst();
        assertThat(r.better()).isEqualTo("higher");
        assertThat(r.ratio()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void eachPeerGetsItsOwnRow() {
        Pairing.Outcome o = Pairing.pair(List.of(
                m("S.ours", "avgt", "ms", 10, Side.ours("submit")),
                m("S.fjp", "avgt", "ms", 12, Side.peer("submit", "ForkJoinPool")),
                m("S.tpe", "avgt", "ms", 30, Side.peer("submit", "ThreadPoolExecutor"))));
        assertThat(o.rows()).extracting(ResultRow::peer).containsExactly("ForkJoinPool", "ThreadPoolExecutor");
        assertThat(o.rows()).extracting(ResultRow::ours).containsOnly(10.0);
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void oursWithoutPeerIsARowWithoutPeerAndAWarning() {
        Pairing.Outcome o = Pairing.pair(List.of(m("L.ours", "avgt", "us", 5, Side.ours("lonely"))));
        assertThat(o.rows()).hasSize(1);
        ResultRow r = o.rows().getFirst();
        assertThat(r.peer()).isNull();
        assertThat(r.peerValue()).isNull();
        assertThat(r.ratio()).isNull();
        assertThat(o.warnings()).singleElement().asString().contains("'lonely'", "no @Peer", "b.L.ours");
    }

    @Test
    void peerWithoutOursIsUnpairedAndWarned() {
        Pairing.Outcome o = Pairing.pair(List.of(m("O.peer", "avgt", "us", 7, Side.peer("orphan", "P3"))));
        assertThat(o.rows()).isEmpty();
        assertThat(o.unpaired()).singleElement().satisfies(u -> {
            assertThat(u.benchmark()).isEqualTo("b.O.peer");
            assertThat(u.name()).isEqualTo("orphan");
            assertThat(u.side()).isEqualTo("peer");
            assertThat(u.peer()).isEqualTo("P3");
            assertThat(u.value()).isEqualTo(7);
        });
        assertThat(o.warnings()).singleElement().asString().contains("'orphan'", "no @Ours", "P3");
    }

    @Test
    void methodWithoutAnnotationsIsUnpairedAndWarned() {
        Pairing.Outcome o = Pairing.pair(List.of(m("U.run", "avgt", "ns", 3)));
        assertThat(o.rows()).isEmpty();
        assertThat(o.unpaired()).singleElement().extracting(Unpaired::side).isEqualTo("none");
        assertThat(o.warnings()).singleElement().asString().contains("b.U.run", "neither @Ours nor @Peer");
    }

    @Test
    void peerInAnotherTimeUnitIsConverted() {
        Pairing.Outcome o = Pairing.pair(List.of(
                m("T.ours", "avgt", "ms", 2, Side.ours("t")), m("T.peer", "avgt", "us", 3000, Side.peer("t", "P"))));
        assertThat(o.rows().getFirst().peerValue()).isCloseTo(3.0, within(1e-12));
        assertThat(o.rows().getFirst().unit()).isEqualTo("ms");
    }

    @Test
    void peerInAnIncompatibleUnitIsUnpaired() {
        Pairing.Outcome o = Pairing.pair(List.of(
                m("T.ours", "avgt", "ms", 2, Side.ours("t")), m("T.peer", "avgt", "B/op", 3, Side.peer("t", "P"))));
        assertThat(o.rows())
                .singleElement()
                .satisfies(
                        r -> { // Lockstep's value is kept, without a peer
                            assertThat(r.ours()).isEqualTo(2);
                            assertThat(r.peer()).isNull();
                        });
        assertThat(o.unpaired()).singleElement().extracting(Unpaired::reason).isEqualTo("unit differs from @Ours");
        assertThat(o.warnings()).singleElement().asString().contains("B/op", "ms");
    }

    @Test
    void secondOursForTheSameResultIsUnpaired() {
        Pairing.Outcome o = Pairing.pair(List.of(
                m("D.a", "avgt", "ms", 1, Side.ours("d")),
                m("D.b", "avgt", "ms", 2, Side.ours("d")),
                m("D.p", "avgt", "ms", 3, Side.peer("d", "P"))));
        assertThat(o.rows())
                .singleElement()
                .extracting(ResultRow::oursBenchmark)
                .isEqualTo("b.D.a");
        assertThat(o.unpaired()).singleElement().extracting(Unpaired::benchmark).isEqualTo("b.D.b");
        assertThat(o.warnings()).singleElement().asString().contains("two @Ours");
    }

    @Test
    void parametersAreKeptApartAndNamed() {
        Map<String, String> small = new TreeMap<>(Map.of("size", "10"));
        Map<String, String> big = new TreeMap<>(Map.of("size", "99"));
        List<Measurement> ms = List.of(
                new Measurement("b.P.ours", "avgt", new TreeMap<>(small), "ms", 1, 0.1, 3, List.of(Side.ours("p"))),
                new Measurement("b.P.ours", "avgt", new TreeMap<>(big), "ms", 10, 0.1, 3, List.of(Side.ours("p"))),
                new Measurement(
                        "b.P.peer", "avgt", new TreeMap<>(small), "ms", 2, 0.1, 3, List.of(Side.peer("p", "X"))),
                new Measurement("b.P.peer", "avgt", new TreeMap<>(big), "ms", 5, 0.1, 3, List.of(Side.peer("p", "X"))));
        Pairing.Outcome o = Pairing.pair(ms);
        assertThat(o.rows()).extracting(ResultRow::name).containsExactly("p[size=10]", "p[size=99]");
        assertThat(o.rows()).extracting(ResultRow::ratio).containsExactly(2.0, 0.5);
        assertThat(o.rows()).extracting(ResultRow::oursError).containsOnly(0.1);
    }

    @Test
    void nonFiniteErrorBecomesAbsent() {
        Pairing.Outcome o = Pairing.pair(List.of(
                m("E.ours", "avgt", "ms", 1, Side.ours("e")), m("E.peer", "avgt", "ms", 1, Side.peer("e", "P"))));
        assertThat(o.rows().getFirst().oursError()).isNull();
        assertThat(o.rows().getFirst().peerError()).isNull();
    }

    @Test
    void unitsShortenAndConvert() {
        assertThat(Units.shortUnit("ms/op")).isEqualTo("ms");
        assertThat(Units.shortUnit("ops/us")).isEqualTo("ops/us");
        assertThat(Units.better("thrpt")).isEqualTo("higher");
        assertThat(Units.better("avgt")).isEqualTo("lower");
        assertThat(Units.better("sample")).isEqualTo("lower");
        assertThat(Units.better("ss")).isEqualTo("lower");
        assertThat(Units.convert(1, "ops/ms", "ops/us")).isCloseTo(0.001, within(1e-15));
        assertThat(Units.convert(1, "s", "ms")).isCloseTo(1000, within(1e-9));
        assertThat(Units.convert(1, "ms", "ops/ms")).isNaN();
    }
}
