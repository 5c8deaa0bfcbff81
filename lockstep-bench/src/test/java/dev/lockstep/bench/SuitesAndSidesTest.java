package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Discovery: suites from JMH's benchmark lists, sides from the annotations, filters by result. */
class SuitesAndSidesTest {
    private static final String FIXTURE = "dev.lockstep.bench.fixture.PairsBench.";

    @Test
    void selftestSuiteIsDiscoveredWithBothSides() {
        Suites.Plan plan = Suites.plan("selftest", null, Suites.all());
        assertThat(plan.benchmarks())
                .containsExactlyInAnyOrder(
                        "dev.lockstep.bench.selftest.SumBench.longSum",
                        "dev.lockstep.bench.selftest.SumBench.plainLoop");
        assertThat(plan.sides().get("dev.lockstep.bench.selftest.SumBench.longSum"))
                .containsExactly(Side.ours("sum1k"));
        assertThat(plan.sides().get("dev.lockstep.bench.selftest.SumBench.plainLoop"))
                .containsExactly(Side.peer("sum1k", "plain loop"));
        assertThat(plan.runs()).isEqualTo(2);
    }

    @Test
    void suiteIsAPackageAndOnlyThatPackage() {
        Suites.Plan plan = Suites.plan("fixture", null, Suites.all());
        assertThat(plan.benchmarks()).hasSize(7).allMatch(b -> b.startsWith(FIXTURE));
        assertThat(Suites.plan("cluster", null, Suites.all()).entries()).isEmpty();
    }

    @Test
    void syncSuiteHasTempoCoreAndPpdpSteadyAndCold() {
        Suites.Plan plan = Suites.plan("sync", null, Suites.all());
        assertThat(plan.benchmarks()).hasSize(14);
        assertThat(plan.cold()).hasSize(5).allMatch(b -> b.startsWith("dev.lockstep.bench.sync.PpdpBench."));
        // core, PPDP at three n, their cold runs, parallel instants and the sequential machine at 3 worker counts
        assertThat(plan.runs()).isEqualTo(7 + 15 + 15 + 6);
        assertThat(plan.sides().get("dev.lockstep.bench.sync.PpdpBench.chains").getFirst())
                .isEqualTo(Side.ours("ppdp-b1-n{n}"));
        assertThat(Suites.plan("sync", Pattern.compile("^ppdp-b5-n50000-cold$"), Suites.all())
                        .benchmarks())
                .containsExactly("dev.lockstep.bench.sync.PpdpBench.nestedPreemption");
    }

    @Test
    void validSuitesAreTheDesignsAndSelftestIsHidden() {
        assertThat(Suites.VALID).containsExactly("core", "kernel", "sync", "io", "flow", "patch", "cluster");
        assertThat(Suites.known("selftest")).isTrue();
        assertThat(Suites.VALID).doesNotContain("selftest");
        assertThat(Suites.known("fixture")).isFalse();
    }

    @Test
    void sidesComeFromOursAndRepeatedPeer() {
        assertThat(Side.of(FIXTURE + "alphaOurs")).containsExactly(Side.ours("alpha"));
        assertThat(Side.of(FIXTURE + "sharedP2")).containsExactly(Side.peer("alpha", "P2"), Side.peer("beta", "P2"));
        assertThat(Side.of(FIXTURE + "unmarked")).isEmpty();
    }

    @Test
    void aMethodMarkedBothOursAndPeerIsAnError() {
        assertThatThrownBy(() -> Side.of("dev.lockstep.bench.fixturebad.BothSidesBench.both"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("BothSidesBench.both")
                .hasMessageContaining("both @Ours and @Peer");
        assertThatThrownBy(() -> Suites.plan("fixturebad", null, Suites.all())).isInstanceOf(BenchException.class);
    }

    @Test
    void unknownClassOrMethodIsNamed() {
        assertThatThrownBy(() -> Side.of(FIXTURE + "nope"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("no public @Benchmark method 'nope'");
        assertThatThrownBy(() -> Side.of("dev.lockstep.bench.fixture.Missing.run"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("is not on the classpath");
    }

    @Test
    void filterOnAPeerMethodKeepsEveryPeerAndOursOfItsResults() {
        // sharedP2 is a peer of alpha and beta: the filter must bring both results' sides along.
        Suites.Plan plan = Suites.plan("fixture", Pattern.compile("sharedP2"), Suites.all());
        assertThat(plan.benchmarks())
                .containsExactlyInAnyOrderElementsOf(List.of(
                        FIXTURE + "alphaOurs", FIXTURE + "alphaP1", FIXTURE + "sharedP2", FIXTURE + "betaOurs"));
    }

    @Test
    void filterOnAResultNameKeepsItsSides() {
        Suites.Plan plan = Suites.plan("fixture", Pattern.compile("^lonely$"), Suites.all());
        assertThat(plan.benchmarks()).containsExactly(FIXTURE + "lonelyOurs");
        Suites.Plan unmarked = Suites.plan("fixture", Pattern.compile("unmarked"), Suites.all());
        assertThat(unmarked.benchmarks()).containsExactly(FIXTURE + "unmarked");
        assertThat(Suites.plan("fixture", Pattern.compile("zzz"), Suites.all()).entries())
                .isEmpty();
    }
}
