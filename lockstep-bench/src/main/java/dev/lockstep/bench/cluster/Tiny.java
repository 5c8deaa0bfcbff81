package dev.lockstep.bench.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * The task of {@code cluster-tiny-tasks}: returns {@code n + 1}, so the sum of the results checks
 * that every task ran once and came back (a side that drops or repeats tasks cannot look fast).
 * It must be on every member's class path: member processes get the bench JVM's.
 */
record Tiny(long n) implements Callable<Long>, Serializable {
    @Override
    public Long call() {
        return n + 1;
    }
}
