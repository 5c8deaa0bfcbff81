package dev.lockstep.core.archfixture;

import java.util.HashMap;
import java.util.Map;

/** Core outside the replay code is not deterministic: the determinism rules leave this alone. */
public class CoreReadsClock {
    long stamp() {
        return System.nanoTime() + (long) (Math.random() * 10);
    }

    Map<String, Long> table() {
        return new HashMap<>();
    }
}
