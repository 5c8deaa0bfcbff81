package dev.lockstep.sync.archfixture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/** Obeys the determinism rules: a handed clock, a seeded Random, ordered collections. */
public class SyncDeterministic {
    long now(LongSupplier clock) {
        return clock.getAsLong();
    }

    int dice(long seed) {
        return new Random(seed).nextInt();
    }

    Map<String, List<String>> grouped(List<String> words) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("a", 1);
        return words.stream().collect(Collectors.groupingBy(w -> w.substring(0, 1), TreeMap::new, Collectors.toList()));
    }
}
