package dev.lockstep.bench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * DESIGN.md principle 3 as ArchUnit rules: in the deterministic packages the output is a function
 * of the program, a seed and the recorded input, so their code may not read the wall clock, draw
 * unseeded randomness, or build a collection whose iteration order is a hash order.
 *
 * <p>The deterministic packages are {@link #DETERMINISTIC}: lockstep-sync, lockstep-patch, the
 * replay log and the seeded random streams. Time comes from a {@code dev.lockstep.core.time.Clock}
 * they are handed; randomness from {@code dev.lockstep.core.random.RandomStreams}.
 *
 * <p>Hash order: whether an iteration is observable cannot be decided from byte code, so the rule
 * is strict and simple: these packages do not create hash-ordered collections at all ({@code
 * HashMap}, {@code HashSet}, {@code ConcurrentHashMap}, {@code IdentityHashMap}, {@code
 * WeakHashMap}, and the JDK factories whose iteration order is randomised per JVM run: {@code
 * Set.of}, {@code Map.of}, and collectors that build a {@code HashMap} or {@code HashSet}).
 * {@code LinkedHashMap}, {@code LinkedHashSet}, {@code TreeMap}, {@code EnumMap}, {@code List.of}
 * and arrays are the replacements; a map factory passed to a collector is fine.
 */
final class DeterminismRules {
    private DeterminismRules() {}

    /** Package patterns (ArchUnit syntax) of the deterministic code. */
    static final List<String> DETERMINISTIC = List.of(
            LockstepArchitecture.ROOT + ".sync..",
            LockstepArchitecture.ROOT + ".patch..",
            LockstepArchitecture.ROOT + ".core.replay..",
            LockstepArchitecture.ROOT + ".core.random..");

    /** One forbidden call: owner class, method name ({@code <init>} for a constructor), parameter count or -1 for any. */
    record Forbidden(String owner, String name, int params, String why) {
        boolean matches(JavaAccess<?> access) {
            String target = access.getTargetOwner().getName();
            if (!target.equals(owner) || !access.getName().equals(name)) {
                return false;
            }
            if (params < 0) {
                return true;
            }
            return access.getTarget() instanceof com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget t
                    && t.getRawParameterTypes().size() == params;
        }
    }

    private static final String CLOCK = "read time from the dev.lockstep.core.time.Clock the component is handed";
    private static final String SEED = "draw from a stream of dev.lockstep.core.random.RandomStreams (seeded)";
    private static final String ORDER =
            "its iteration order is a hash order; use LinkedHashMap/LinkedHashSet, TreeMap/TreeSet, EnumMap or a list";
    private static final String SALTED = "its iteration order changes from one JVM run to the next; use List.of, "
            + "a LinkedHashMap/LinkedHashSet or a TreeMap/TreeSet";
    private static final String COLLECTOR = "it collects into a hash-ordered HashMap/HashSet; pass a map or"
            + " collection factory (LinkedHashMap::new, TreeMap::new, Collectors.toCollection(...))";

    static final List<Forbidden> WALL_CLOCK = List.of(
            new Forbidden("java.lang.System", "currentTimeMillis", -1, CLOCK),
            new Forbidden("java.lang.System", "nanoTime", -1, CLOCK),
            new Forbidden("java.time.Instant", "now", -1, CLOCK),
            new Forbidden("java.time.LocalDateTime", "now", -1, CLOCK),
            new Forbidden("java.time.LocalDate", "now", -1, CLOCK),
            new Forbidden("java.time.LocalTime", "now", -1, CLOCK),
            new Forbidden("java.time.ZonedDateTime", "now", -1, CLOCK),
            new Forbidden("java.time.OffsetDateTime", "now", -1, CLOCK),
            new Forbidden("java.time.Clock", "systemUTC", -1, CLOCK),
            new Forbidden("java.time.Clock", "systemDefaultZone", -1, CLOCK),
            new Forbidden("java.time.InstantSource", "system", -1, CLOCK));

    static final List<Forbidden> UNSEEDED_RANDOM = List.of(
            new Forbidden("java.lang.Math", "random", -1, SEED),
            new Forbidden("java.lang.StrictMath", "random", -1, SEED),
            new Forbidden("java.util.Random", "<init>", 0, SEED + " (new Random() seeds itself from the clock)"),
            new Forbidden("java.util.SplittableRandom", "<init>", 0, SEED),
            new Forbidden("java.security.SecureRandom", "<init>", -1, SEED),
            new Forbidden("java.util.concurrent.ThreadLocalRandom", "current", -1, SEED),
            new Forbidden("java.util.UUID", "randomUUID", -1, SEED),
            new Forbidden("java.util.random.RandomGenerator", "getDefault", -1, SEED),
            new Forbidden("java.util.random.RandomGenerator", "of", -1, SEED),
            new Forbidden("java.util.random.RandomGeneratorFactory", "create", 0, SEED),
            new Forbidden("java.util.Collections", "shuffle", 1, SEED + " (shuffle(list) uses an unseeded Random)"));

    static final List<Forbidden> HASH_ORDER = List.of(
            new Forbidden("java.util.HashMap", "<init>", -1, ORDER),
            new Forbidden("java.util.HashMap", "newHashMap", -1, ORDER),
            new Forbidden("java.util.HashSet", "<init>", -1, ORDER),
            new Forbidden("java.util.HashSet", "newHashSet", -1, ORDER),
            new Forbidden("java.util.Hashtable", "<init>", -1, ORDER),
            new Forbidden("java.util.IdentityHashMap", "<init>", -1, ORDER + " (of identity hashes, new each run)"),
            new Forbidden("java.util.WeakHashMap", "<init>", -1, ORDER),
            new Forbidden("java.util.concurrent.ConcurrentHashMap", "<init>", -1, ORDER),
            new Forbidden("java.util.concurrent.ConcurrentHashMap", "newKeySet", -1, ORDER),
            new Forbidden("java.util.Set", "of", -1, SALTED),
            new Forbidden("java.util.Set", "copyOf", -1, SALTED),
            new Forbidden("java.util.Map", "of", -1, SALTED),
            new Forbidden("java.util.Map", "ofEntries", -1, SALTED),
            new Forbidden("java.util.Map", "copyOf", -1, SALTED),
            new Forbidden("java.util.stream.Collectors", "toSet", -1, COLLECTOR),
            new Forbidden("java.util.stream.Collectors", "toUnmodifiableSet", -1, SALTED),
            new Forbidden("java.util.stream.Collectors", "toUnmodifiableMap", -1, SALTED),
            new Forbidden("java.util.stream.Collectors", "toMap", 2, COLLECTOR),
            new Forbidden("java.util.stream.Collectors", "toMap", 3, COLLECTOR),
            new Forbidden("java.util.stream.Collectors", "groupingBy", 1, COLLECTOR),
            new Forbidden("java.util.stream.Collectors", "groupingBy", 2, COLLECTOR),
            new Forbidden("java.util.stream.Collectors", "groupingByConcurrent", -1, ORDER));

    static final ArchRule NO_WALL_CLOCK = rule("read no wall clock", "reads the wall clock with", WALL_CLOCK);
    static final ArchRule NO_UNSEEDED_RANDOM =
            rule("draw no unseeded randomness", "draws unseeded randomness with", UNSEEDED_RANDOM);
    static final ArchRule NO_HASH_ORDERED_COLLECTIONS =
            rule("create no hash-ordered collection", "creates a hash-ordered collection with", HASH_ORDER);

    static final List<ArchRule> ALL = List.of(NO_WALL_CLOCK, NO_UNSEEDED_RANDOM, NO_HASH_ORDERED_COLLECTIONS);

    private static ArchRule rule(String should, String verb, List<Forbidden> forbidden) {
        return classes()
                .that()
                .resideInAnyPackage(DETERMINISTIC.toArray(String[]::new))
                .should(new ArchCondition<JavaClass>(should + " (deterministic package)") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        for (JavaCodeUnit unit : c.getCodeUnits()) {
                            for (JavaAccess<?> access : unit.getAccessesFromSelf()) {
                                for (Forbidden f : forbidden) {
                                    if (f.matches(access)) {
                                        events.add(SimpleConditionEvent.violated(
                                                access,
                                                unit.getFullName() + " " + verb + " "
                                                        + access.getTargetOwner()
                                                                .getSimpleName() + "."
                                                        + access.getName() + " at " + c.getSimpleName() + ".java:"
                                                        + access.getLineNumber() + " in deterministic package "
                                                        + c.getPackageName() + ": " + f.why()));
                                    }
                                }
                            }
                        }
                    }
                });
    }
}
