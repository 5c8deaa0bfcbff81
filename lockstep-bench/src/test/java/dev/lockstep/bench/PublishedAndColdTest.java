package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Published peers ({@link Published}), cold runs ({@link Cold}) and parameters in result names:
 * discovery, pairing, and what the table and the JSON say. No benchmark runs here (see
 * {@code ColdRunTest}).
 */
class PublishedAndColdTest {
    private static final String PUB = "dev.lockstep.bench.fixturepub.PublishedBench.";

    @TempDir
    Path dir;

    private static SortedMap<String, String> params(String... kv) {
        SortedMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Measurement chain(String n, String mode, double median, boolean cold) {
        List<Side> sides = Side.of(PUB + "chain");
        return new Measurement(
                PUB + "chain",
                mode,
                params("n", n, "flavour", "x"),
                "ms",
                median,
                Double.NaN,
                3,
                cold ? sides.stream().map(Side::cold).toList() : sides);
    }

    /** The fixture's chain result at both n, steady and cold. */
    private static Pairing.Outcome chains() {
        return Pairing.pair(List.of(
                chain("5000", "avgt", 1.0, false),
                chain("10000", "avgt", 2.0, false),
                chain("5000", "ss", 4.0, true),
                chain("10000", "ss", 8.0, true)));
    }

    private static Report report(Pairing.Outcome o) {
        return new Report(
                "sync",
                true,
                "2025-11-21T05:03:00Z",
                true,
                new Machine(2, "25.0.3", "Linux", null, null, null),
                RunSettings.quick().withColdForks(3),
                null,
                o.rows(),
                o.unpaired(),
                o.warnings());
    }

    @Test
    void publishedFiguresAreReadFromTheOursMethodAfterItsSide() {
        List<Side> sides = Side.of(PUB + "chain");
        assertThat(sides.getFirst()).isEqualTo(Side.ours("chain-n{n}"));
        assertThat(sides).hasSize(4);
        Side rml = sides.get(1);
        assertThat(rml.isPublished()).isTrue();
        assertThat(rml.isOurs()).isFalse();
        assertThat(rml.result()).isEqualTo("chain-n{n}");
        assertThat(rml.peer()).isEqualTo("RML");
        assertThat(rml.figure().value()).isEqualTo(3.43);
        assertThat(rml.figure().params()).containsExactly(Map.entry("n", "5000"));
        assertThat(sides.get(2).figure().params()).containsExactly(Map.entry("n", "10000")); // blanks stripped
        assertThat(sides.get(3).figure().params()).isEmpty();
        assertThat(Side.isCold(PUB + "chain")).isTrue();
        assertThat(Side.isCold("dev.lockstep.bench.fixture.PairsBench.alphaOurs"))
                .isFalse();
        assertThat(Side.ours("a").cold()).isEqualTo(Side.ours("a-cold"));
    }

    @Test
    void publishedFigurePairsByParameterWithTheFilledNameAndConvertedUnit() {
        Pairing.Outcome o = chains();
        assertThat(o.unpaired()).isEmpty();
        assertThat(o.warnings()).isEmpty();
        assertThat(o.rows())
                .extracting(ResultRow::name)
                .containsExactly(
                        "chain-n10000[flavour=x]",
                        "chain-n10000[flavour=x]",
                        "chain-n10000-cold[flavour=x]",
                        "chain-n10000-cold[flavour=x]",
                        "chain-n5000[flavour=x]",
                        "chain-n5000[flavour=x]",
                        "chain-n5000-cold[flavour=x]",
                        "chain-n5000-cold[flavour=x]");
        ResultRow steady10k = o.rows().get(0);
        assertThat(steady10k.peer()).isEqualTo("RML");
        assertThat(steady10k.ours()).isEqualTo(2.0);
        assertThat(steady10k.peerValue()).isCloseTo(6.61, within(1e-9)); // 6610 us in Lockstep's ms
        assertThat(steady10k.peerSource()).isEqualTo("published");
        assertThat(steady10k.peerReference()).isEqualTo("issue 4, median of 31");
        assertThat(steady10k.peerBenchmark()).isNull();
        assertThat(steady10k.peerError()).isNull();
        assertThat(steady10k.oursBenchmark()).isEqualTo(PUB + "chain");
        assertThat(steady10k.ratio()).isCloseTo(3.305, within(1e-9));
        ResultRow tempo = o.rows().get(1);
        assertThat(tempo.peer()).isEqualTo("Tempo");
        assertThat(tempo.peerValue()).isCloseTo(0.00021, within(1e-12)); // for every n
        ResultRow cold5k = o.rows().get(6);
        assertThat(cold5k.name()).isEqualTo("chain-n5000-cold[flavour=x]");
        assertThat(cold5k.ours()).isEqualTo(4.0);
        assertThat(cold5k.peerValue()).isEqualTo(3.43); // the same anchor for the cold row
        assertThat(cold5k.isPublished()).isTrue();
    }

    @Test
    void templateFillsNamesForOursAndMeasuredPeersAlike() {
        Pairing.Outcome o = Pairing.pair(List.of(
                new Measurement(
                        "b.P.ours", "avgt", params("n", "5"), "ms", 1, Double.NaN, 1, List.of(Side.ours("p-n{n}"))),
                new Measurement(
                        "b.P.peer",
                        "avgt",
                        params("n", "5"),
                        "ms",
                        2,
                        Double.NaN,
                        1,
                        List.of(Side.peer("p-n{n}", "X")))));
        assertThat(o.rows()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("p-n5"); // n is in the name, so not appended again
            assertThat(r.peerSource()).isEqualTo("measured");
            assertThat(r.peerReference()).isNull();
            assertThat(r.ratio()).isEqualTo(2.0);
        });
    }

    @Test
    void publishedFigureMatchingNoRunIsWarned() {
        Pairing.Outcome o = Pairing.pair(List.of(chain("5000", "avgt", 1.0, false)));
        assertThat(o.rows()).extracting(ResultRow::peer).containsExactly("RML", "Tempo");
        assertThat(o.warnings())
                .singleElement()
                .asString()
                .contains("published figure", "RML", "n=10000", "matched no measured parameter combination");
    }

    @Test
    void publishedFigureInAnIncompatibleUnitIsUnpaired() {
        PublishedFigure f = new PublishedFigure(5, "ops/us", "somewhere", new TreeMap<>());
        Pairing.Outcome o = Pairing.pair(List.of(
                new Measurement("b.T.ours", "avgt", "ms", 2, List.of(Side.ours("t"), Side.published("t", "Q", f)))));
        assertThat(o.rows()).singleElement().extracting(ResultRow::peer).isNull();
        assertThat(o.unpaired()).singleElement().satisfies(u -> {
            assertThat(u.side()).isEqualTo("published");
            assertThat(u.peer()).isEqualTo("Q");
            assertThat(u.reason()).isEqualTo("unit differs from @Ours");
        });
        assertThat(o.warnings()).anySatisfy(w -> assertThat(w).contains("published peer Q", "ops/us"));
    }

    @Test
    void tableMarksPublishedPeersAndListsTheirSources() {
        StringWriter text = new StringWriter();
        Table.print(report(chains()), new PrintWriter(text));
        String t = text.toString();
        assertThat(t).containsPattern("chain-n5000\\[flavour=x] +1 +RML \\(published\\) +3\\.43 +3\\.43x +ms +lower");
        assertThat(t).containsPattern("chain-n5000-cold\\[flavour=x] +4 +RML \\(published\\) +3\\.43 +0\\.86x +ms");
        assertThat(t).contains("published peer values (not measured in this run):");
        assertThat(t).contains("  RML: issue 4, median of 31", "  Tempo: Tempo's README");
        assertThat(t).contains("settings: 1 fork, 2x500ms warmup, 3x1s; cold: 3 forks x 1 shot");
    }

    @Test
    void tableOfAMeasuredRunHasNoPublishedSectionNorColdSettings() {
        StringWriter text = new StringWriter();
        Table.print(ReportOutputTest.sample(true), new PrintWriter(text));
        assertThat(text.toString())
                .doesNotContain("published", "cold")
                .contains("settings: 1 fork, 2x500ms warmup, 3x1s\n");
    }

    @Test
    void jsonSaysPublishedWithTheSourceAndReadsBack() throws Exception {
        Path file = dir.resolve("sync.json");
        Report report = report(chains());
        JsonReport.write(report, file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.get("settings").get("coldForks").asInt()).isEqualTo(3);
        JsonNode row = root.get("results").get(0);
        assertThat(row.get("name").asText()).isEqualTo("chain-n10000[flavour=x]");
        assertThat(row.get("peer").asText()).isEqualTo("RML");
        assertThat(row.get("peerValue").asDouble()).isCloseTo(6.61, within(1e-9));
        assertThat(row.get("peerSource").asText()).isEqualTo("published");
        assertThat(row.get("peerReference").asText()).isEqualTo("issue 4, median of 31");
        assertThat(row.has("peerBenchmark")).isFalse();
        assertThat(row.has("peerError")).isFalse();
        assertThat(row.get("ratio").asDouble()).isCloseTo(3.305, within(1e-9));
        assertThat(JsonReport.read(file)).isEqualTo(report);

        Path measured = dir.resolve("core.json");
        JsonReport.write(ReportOutputTest.sample(true), measured);
        JsonNode core = new ObjectMapper().readTree(measured.toFile());
        assertThat(core.get("settings").has("coldForks")).isFalse();
        assertThat(core.get("results").get(0).has("peerReference")).isFalse();
    }

    @Test
    void planListsColdBenchmarksAndCountsTheirRuns() {
        Suites.Plan plan = Suites.plan("fixturepub", null, Suites.all());
        assertThat(plan.cold()).containsExactlyInAnyOrder(PUB + "chain", PUB + "pairOurs", PUB + "pairPeer");
        // every method of the class has both parameters: 2 combinations each, steady and cold
        assertThat(plan.runs()).isEqualTo(12);
        assertThat(plan.coldRuns()).isEqualTo(6);
        assertThat(plan.expectedCold()).containsEntry(PUB + "chain", 2L);
        assertThat(plan.steadyOnly().runs()).isEqualTo(6);
        assertThat(plan.steadyOnly().cold()).isEmpty();
    }

    @Test
    void filterMatchesFilledAndColdNamesAndKeepsTheWholeMethod() {
        assertThat(Suites.plan("fixturepub", Pattern.compile("^chain-n10000$"), Suites.all())
                        .benchmarks())
                .containsExactly(PUB + "chain");
        assertThat(Suites.plan("fixturepub", Pattern.compile("^pair-x-cold$"), Suites.all())
                        .benchmarks())
                .containsExactlyInAnyOrder(PUB + "pairOurs", PUB + "pairPeer");
        assertThat(Suites.plan("fixturepub", Pattern.compile("^chain-n7$"), Suites.all())
                        .entries())
                .isEmpty();
    }

    @Test
    void coldSettingsFollowTheModeOnlyWhenThePlanHasColdBenchmarks() {
        Suites.Plan cold = Suites.plan("fixturepub", null, Suites.all());
        Suites.Plan steady = Suites.plan("selftest", null, Suites.all());
        assertThat(BenchMain.coldSettings(cold, RunSettings.quick(), true).coldForks())
                .isEqualTo(3);
        assertThat(BenchMain.coldSettings(cold, RunSettings.full(), false).coldForks())
                .isEqualTo(5);
        assertThat(BenchMain.coldSettings(cold, RunSettings.full().withColdForks(2), false)
                        .coldForks())
                .isEqualTo(2);
        RunSettings plain = BenchMain.coldSettings(steady, RunSettings.quick().withColdForks(4), true);
        assertThat(plain.coldForks()).isNull();
        assertThat(plain.summary()).isEqualTo("1 fork, 2x500ms warmup, 3x1s");
        assertThatThrownBy(() -> RunSettings.quick().withColdForks(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--cold-forks must be 1 or more");
    }

    @Test
    void quickModeShortensIterationsOnlyForASuiteThatWouldNotFit() {
        for (String suite : List.of("core", "kernel", "selftest")) {
            Suites.Plan plan = Suites.plan(suite, null, Suites.all());
            assertThat(RunSettings.quick().fitQuick(plan.runs() - plan.coldRuns(), plan.coldRuns()))
                    .as(suite)
                    .isEqualTo(RunSettings.quick());
        }
        Suites.Plan sync = Suites.plan("sync", null, Suites.all());
        RunSettings quick = BenchMain.coldSettings(sync, RunSettings.quick(), true);
        RunSettings fitted = quick.fitQuick(sync.runs() - sync.coldRuns(), sync.coldRuns());
        assertThat(quick.estimate(22, 15)).isGreaterThan(RunSettings.QUICK_BUDGET);
        assertThat(fitted.estimate(22, 15)).isLessThanOrEqualTo(RunSettings.QUICK_BUDGET);
        assertThat(fitted.forks()).isEqualTo(1);
        assertThat(fitted.warmupIterations()).isEqualTo(2);
        assertThat(fitted.iterations()).isEqualTo(3);
        assertThat(fitted.coldForks()).isEqualTo(3);
        assertThat(fitted.iterationTime())
                .isLessThan(quick.iterationTime())
                .isGreaterThanOrEqualTo(RunSettings.SHORTEST);
    }

    @Test
    void listShowsPublishedFiguresAndCold() {
        assertThat(BenchMain.describe(Side.of(PUB + "chain"), true))
                .isEqualTo(
                        "@Ours(chain-n{n}) @Published(chain-n{n}, RML, n=5000: 3.43 ms)"
                                + " @Published(chain-n{n}, RML, n=10000: 6610 us) @Published(chain-n{n}, Tempo, 0.21 us) @Cold");
    }

    @Test
    void malformedUsesAreNamed() {
        String bad = "dev.lockstep.bench.fixturebad.BothSidesBench.";
        assertThatThrownBy(() -> Side.of(bad + "publishedOnPeer"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("publishedOnPeer")
                .hasMessageContaining("@Published figures but no @Ours");
        assertThatThrownBy(() -> Side.of(bad + "publishedInAnUnknownUnit"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("publishedInAnUnknownUnit")
                .hasMessageContaining("'furlongs'");
        assertThatThrownBy(() -> Side.of(bad + "publishedWithBadParams"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("'n5000' is not of the form name=value");
        assertThatThrownBy(() -> Side.of(bad + "coldWithoutSide"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("@Cold but has neither @Ours nor @Peer");
        assertThatThrownBy(() -> Suites.plan("fixturebadname", null, Suites.all()))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("UnknownParamBench.run")
                .hasMessageContaining("'x-{size}' uses parameter 'size'")
                .hasMessageContaining("its parameters: n");
    }

    @Test
    void resultNamesFillParseAndEnumerate() {
        ResultNames.Expanded e = ResultNames.expand("b{a}-n{n}", params("a", "1", "n", "50", "k", "z"));
        assertThat(e.name()).isEqualTo("b1-n50");
        assertThat(e.params()).containsExactly(Map.entry("k", "z"));
        assertThat(ResultNames.expand("plain", params("n", "5")).params()).containsOnlyKeys("n");
        assertThat(ResultNames.expand("q-{m}", params()).name()).isEqualTo("q-{m}");
        assertThat(ResultNames.all("p-n{n}", Map.of("n", new String[] {"5000", "10000"})))
                .containsExactly("p-n5000", "p-n10000");
        assertThat(ResultNames.all("plain", Map.of())).containsExactly("plain");
        assertThat(ResultNames.parseParams(" n=5000 , d = 3"))
                .containsExactly(Map.entry("d", "3"), Map.entry("n", "5000"));
        assertThat(ResultNames.parseParams("")).isEmpty();
        assertThatThrownBy(() -> ResultNames.parseParams("n=1,n=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'n' twice");
    }
}
