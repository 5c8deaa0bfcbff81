package dev.lockstep.bench.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves each architecture rule can fail: the fixture packages ({@code dev.lockstep.*.archfixture}
 * in this module's test sources) break each rule on purpose, next to classes that obey it, and
 * each rule must report exactly the breaking ones.
 */
class ArchitectureCanaryTest {
    static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter()
                .importPackages(
                        "dev.lockstep.core.archfixture",
                        "dev.lockstep.io.archfixture",
                        "dev.lockstep.flow.archfixture",
                        "dev.lockstep.flow.otlp.archfixture",
                        "dev.lockstep.cluster.archfixture",
                        "dev.lockstep.sync.archfixture",
                        "dev.lockstep.patch.archfixture",
                        "dev.lockstep.core.replay.archfixture",
                        "dev.lockstep.cli.archfixture",
                        "dev.lockstep.bench.archfixture",
                        "dev.lockstep.frob.archfixture");
        assertThat(fixtures.size()).isGreaterThanOrEqualTo(12);
    }

    private static String violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(fixtures);
        assertThat(result.hasViolation())
                .as("%s must report the fixture's violation", rule)
                .isTrue();
        return String.join("\n", result.getFailureReport().getDetails());
    }

    private static final String F = "dev.lockstep.";

    @Test
    void coreImportingAnotherModuleIsReported() {
        String v = violations(LockstepArchitecture.CORE_IMPORTS_NO_OTHER_MODULE);
        assertThat(v).contains(F + "core.archfixture.CoreImportsCli").doesNotContain("SafeApi", "LeakyApi");
    }

    @Test
    void importingCliOrBenchIsReported() {
        assertThat(violations(LockstepArchitecture.NOTHING_IMPORTS_CLI))
                .contains(F + "core.archfixture.CoreImportsCli", F + "bench.archfixture.BenchImportsCli")
                .doesNotContain("CliUsesLibraries");
        assertThat(violations(LockstepArchitecture.NOTHING_IMPORTS_BENCH))
                .contains(F + "cli.archfixture.CliImportsBench")
                .doesNotContain("BenchImportsCli");
    }

    @Test
    void layeringOfModulesThatDoNotExistYetIsHeld() {
        String v = violations(LockstepArchitecture.MODULES_USE_ONLY_WHAT_THE_RULE_ALLOWS);
        assertThat(v)
                .contains("module sync may not use module io")
                .contains(F + "sync.archfixture.SyncUsesIo")
                .contains("module core may not use module cli")
                .contains("module cli may not use module bench")
                .contains("module bench may not use module cli");
        // flow -> io -> core and cli -> libraries are allowed
        assertThat(v).doesNotContain("FlowUsesIo", "IoUsesCore", "CliUsesLibraries");
    }

    @Test
    void anotherModulesInternalPackageIsReported() {
        String v = violations(LockstepArchitecture.INTERNAL_STAYS_IN_ITS_MODULE);
        assertThat(v).contains(F + "flow.archfixture.FlowUsesCoreInternal").contains("internal to module core");
        // core using its own internal package is fine
        assertThat(v).doesNotContain("SafeApi", "LeakyApi");
    }

    @Test
    void publicApiShowingAnInternalTypeIsReported() {
        String v = violations(LockstepArchitecture.PUBLIC_API_EXPOSES_NO_INTERNAL_TYPE);
        assertThat(v)
                .contains("LeakyApi.leak()")
                .contains("LeakyApi.leakAll()") // inside a type argument: List<Hidden>
                .contains("LeakyApi.take(" + F + "core.archfixture.internal.Hidden)")
                .contains("shows internal type " + F + "core.archfixture.internal.Hidden");
        assertThat(v).doesNotContain("SafeApi", "NotApi", "FlowUsesCoreInternal");
    }

    @Test
    void openTelemetryOutsideFlowOtlpIsReported() {
        String v = violations(LockstepArchitecture.OPENTELEMETRY_ONLY_IN_FLOW_OTLP);
        assertThat(v).contains(F + "flow.archfixture.FlowUsesOpenTelemetry").doesNotContain("OtlpUsesOpenTelemetry");
    }

    @Test
    void hazelcastOutsideClusterIsReported() {
        String v = violations(LockstepArchitecture.HAZELCAST_ONLY_IN_CLUSTER);
        assertThat(v).contains(F + "flow.archfixture.FlowUsesHazelcast").doesNotContain("ClusterUsesHazelcast");
    }

    @Test
    void classOutsideAnyKnownModuleIsReported() {
        String v = violations(LockstepArchitecture.EVERY_CLASS_IS_IN_A_KNOWN_MODULE);
        assertThat(v).contains(F + "frob.archfixture.UnknownModule");
        assertThat(List.of(v.split("\n"))).allMatch(line -> line.contains("frob"));
    }

    @Test
    void moduleOfReadsTheSegmentAfterTheRoot() {
        assertThat(LockstepArchitecture.moduleOf("dev.lockstep.core.concurrent"))
                .isEqualTo("core");
        assertThat(LockstepArchitecture.moduleOf("dev.lockstep.flow")).isEqualTo("flow");
        assertThat(LockstepArchitecture.moduleOf("dev.lockstep")).isEmpty();
        assertThat(LockstepArchitecture.moduleOf("dev.lockstepper.x")).isNull();
        assertThat(LockstepArchitecture.isInternal("dev.lockstep.io.ring.internal"))
                .isTrue();
        assertThat(LockstepArchitecture.isInternal("dev.lockstep.io.internals")).isFalse();
    }

    @Test
    void wallClockReadInADeterministicPackageIsReported() {
        String v = violations(DeterminismRules.NO_WALL_CLOCK);
        assertThat(v)
                .contains("SyncNondeterministic.wall() reads the wall clock with System.currentTimeMillis")
                .contains("System.nanoTime")
                .contains("Instant.now")
                .contains("ReplayReadsClock.stamp() reads the wall clock with System.nanoTime")
                .contains("in deterministic package dev.lockstep.core.replay.archfixture")
                .contains("dev.lockstep.core.time.Clock");
        assertThat(v).doesNotContain("SyncDeterministic", "SafeApi", "CoreImportsCli");
    }

    @Test
    void unseededRandomnessInADeterministicPackageIsReported() {
        String v = violations(DeterminismRules.NO_UNSEEDED_RANDOM);
        assertThat(v)
                .contains("SyncNondeterministic.dice() draws unseeded randomness with Math.random")
                .contains("with Random.<init>")
                .contains("ThreadLocalRandom.current");
        assertThat(v).doesNotContain("SyncDeterministic"); // new Random(seed) is fine
    }

    @Test
    void hashOrderedCollectionInADeterministicPackageIsReported() {
        String v = violations(DeterminismRules.NO_HASH_ORDERED_COLLECTIONS);
        assertThat(v)
                .contains("SyncNondeterministic.table() creates a hash-ordered collection with HashMap.<init>")
                .contains(
                        "PatchHashOrder.names(java.util.List) creates a hash-ordered collection with Collectors.toSet")
                .contains("PatchHashOrder.constants() creates a hash-ordered collection with Map.of")
                .contains("PatchHashOrder.factory() creates a hash-ordered collection with HashSet.<init>");
        // LinkedHashMap, and groupingBy with a TreeMap factory, are fine
        assertThat(v).doesNotContain("SyncDeterministic");
    }

    @Test
    void determinismRulesLeaveOtherPackagesAlone() {
        // core.archfixture is not deterministic: nothing there is reported even where it would be
        for (ArchRule rule : DeterminismRules.ALL) {
            assertThat(String.join(
                            "\n", rule.evaluate(fixtures).getFailureReport().getDetails()))
                    .doesNotContain("dev.lockstep.core.archfixture.", "dev.lockstep.flow.");
        }
    }
}
