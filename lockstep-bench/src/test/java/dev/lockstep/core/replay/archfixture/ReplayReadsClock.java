package dev.lockstep.core.replay.archfixture;

/** The replay code is a deterministic package too (ArchitectureCanaryTest). */
public class ReplayReadsClock {
    long stamp() {
        return System.nanoTime();
    }
}
