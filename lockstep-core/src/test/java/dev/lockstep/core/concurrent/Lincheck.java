package dev.lockstep.core.concurrent;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * Lincheck configurations shared by the linearizability tests of this package, scaled by the
 * {@code lockstep.stress} system property: "short" (the default, CI) keeps each test class to a few
 * seconds, "long" ({@code bin/test --long}) explores many more scenarios.
 */
final class Lincheck {
    private Lincheck() {}

    static final boolean LONG = Stress.LONG;

    /** Model checking: explores thread switches at every shared access, deterministically. */
    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions()
                .iterations(LONG ? 200 : 15)
                .invocationsPerIteration(LONG ? 5_000 : 300)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    /** Model checking with three threads and fewer actors each. */
    static ModelCheckingOptions modelChecking3() {
        return new ModelCheckingOptions()
                .iterations(LONG ? 100 : 8)
                .invocationsPerIteration(LONG ? 5_000 : 300)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    /** Stress: real threads, real hardware reorderings, no control over the schedule. */
    static StressOptions stress() {
        return new StressOptions()
                .iterations(LONG ? 200 : 5)
                .invocationsPerIteration(LONG ? 20_000 : 300)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1);
    }
}
