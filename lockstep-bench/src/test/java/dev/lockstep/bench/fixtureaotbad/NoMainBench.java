package dev.lockstep.bench.fixtureaotbad;

import dev.lockstep.bench.Cold;
import dev.lockstep.bench.Ours;
import org.openjdk.jmh.annotations.Benchmark;

/** Test-only (suite "fixtureaotbad", never run): an AOT training class without a main. */
public class NoMainBench {
    /** Not a training class: no main. */
    public static final class NotTraining {
        private NotTraining() {}
    }

    @Benchmark
    @Cold(aotTraining = NotTraining.class)
    @Ours("no-main")
    public int noMain() {
        return 1;
    }
}
