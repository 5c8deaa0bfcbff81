package dev.lockstep.core.concurrent;

import org.junit.jupiter.api.Test;

/**
 * The linearizability checks, written once: every structure's Lincheck test extends this, declares
 * its operations ({@code @Operation} methods on the subclass, which Lincheck instantiates) and names
 * the sequential specification its histories are checked against. Configurations come from {@link
 * Lincheck} and scale with {@code lockstep.stress}.
 */
abstract class LincheckSuite {
    /** The sequential specification (a class with the same operations, run one at a time). */
    abstract Class<?> sequentialSpecification();

    @Test
    void modelChecking() {
        Lincheck.modelChecking()
                .sequentialSpecification(sequentialSpecification())
                .check(getClass());
    }

    @Test
    void modelCheckingThreeThreads() {
        Lincheck.modelChecking3()
                .sequentialSpecification(sequentialSpecification())
                .check(getClass());
    }

    @Test
    void stress() {
        Lincheck.stress().sequentialSpecification(sequentialSpecification()).check(getClass());
    }
}
