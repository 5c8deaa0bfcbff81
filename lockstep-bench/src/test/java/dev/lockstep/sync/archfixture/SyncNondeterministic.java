package dev.lockstep.sync.archfixture;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Breaks each determinism rule once per kind of call (ArchitectureCanaryTest). */
public class SyncNondeterministic {
    long wall() {
        return System.currentTimeMillis()
                + System.nanoTime()
                + java.time.Instant.now().getNano();
    }

    double dice() {
        return Math.random()
                + new Random().nextInt()
                + ThreadLocalRandom.current().nextInt();
    }

    Map<String, Integer> table() {
        return new HashMap<>();
    }
}
