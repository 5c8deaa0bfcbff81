package dev.lockstep.patch.archfixture;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Hash order through factories, collectors and a constructor reference (ArchitectureCanaryTest). */
public class PatchHashOrder {
    Set<String> names(List<String> words) {
        return words.stream().collect(Collectors.toSet());
    }

    Map<String, Integer> constants() {
        return Map.of("a", 1, "b", 2);
    }

    Supplier<Set<String>> factory() {
        return HashSet::new;
    }
}
