package dev.lockstep.bench.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Holds every production class of every module (lockstep-bench sees them all: it depends on each
 * library module and, for this test only, on lockstep-cli) to DESIGN.md's dependency rule. Test
 * classes, including the deliberate violations of {@link ArchitectureCanaryTest}, are left out.
 */
class ArchitectureTest {
    static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/archfixture/"))
                .importPackages(LockstepArchitecture.ROOT);
    }

    @Test
    void importSeesEveryModuleOnTheClasspath() {
        // Without this the rules could pass on an empty import.
        assertThat(production.stream().map(c -> LockstepArchitecture.moduleOf(c.getPackageName())))
                .contains("core", "cli", "bench");
        assertThat(production.contain("dev.lockstep.cli.Main")).isTrue();
        assertThat(production.contain("dev.lockstep.bench.BenchMain")).isTrue();
        assertThat(production.contain("dev.lockstep.core.Lockstep")).isTrue();
        assertThat(production.contain("dev.lockstep.flow.otlp.FlowOtlp")).isTrue();
        assertThat(production.contain("dev.lockstep.cluster.DistributedEngine")).isTrue();
        assertThat(production.stream().map(c -> c.getPackageName())).noneMatch(p -> p.contains("archfixture"));
    }

    @TestFactory
    Stream<DynamicTest> everyRuleHolds() {
        return Stream.concat(LockstepArchitecture.ALL.stream(), DeterminismRules.ALL.stream())
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> check(rule)));
    }

    private static void check(ArchRule rule) {
        rule.check(production);
    }
}
