package dev.lockstep.bench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DESIGN.md's dependency rule as ArchUnit rules, written over package patterns so that modules
 * that do not exist yet (sync, io, flow, patch, cluster) are held to it from their first class:
 *
 * <pre>
 * cli ──► every module        bench ──► every module (and peers)
 * flow ──► io ──► core        sync ──► core        patch ──► core        cluster ──► core
 * </pre>
 *
 * A module is the package segment after {@code dev.lockstep}. Its implementation detail lives in
 * {@code dev.lockstep.<module>.internal} or {@code dev.lockstep.<module>.<sub>.internal}, which
 * no other module may use, and which its public API may not show in a public signature. A class
 * in a package that is not a known module is a violation too, so a new module has to be added
 * to {@link #ALLOWED} before it can have classes.
 */
final class LockstepArchitecture {
    private LockstepArchitecture() {}

    static final String ROOT = "dev.lockstep";

    private static final Set<String> LIBRARIES = Set.of("core", "sync", "io", "flow", "patch", "cluster");

    /** Module to the modules it may use (its own is always allowed). Flow reaches core through io and directly. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "core", Set.of(),
            "sync", Set.of("core"),
            "io", Set.of("core"),
            "flow", Set.of("io", "core"),
            "patch", Set.of("core"),
            "cluster", Set.of("core"),
            "cli", LIBRARIES,
            "bench", LIBRARIES);

    /** The module of a package ({@code dev.lockstep.core.concurrent} is {@code core}), or null outside. */
    static String moduleOf(String packageName) {
        if (!packageName.startsWith(ROOT + ".")) {
            return packageName.equals(ROOT) ? "" : null;
        }
        String rest = packageName.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static boolean isInternal(String packageName) {
        return List.of(packageName.split("\\.")).contains("internal");
    }

    private static JavaClass base(JavaClass c) {
        return c.isArray() ? c.getBaseComponentType() : c;
    }

    // ---- rules ----

    static final ArchRule EVERY_CLASS_IS_IN_A_KNOWN_MODULE = classes()
            .that()
            .resideInAPackage(ROOT + "..")
            .should(new ArchCondition<JavaClass>("be in a module of the dependency rule " + ALLOWED.keySet()) {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String module = moduleOf(c.getPackageName());
                    boolean ok = module != null && ALLOWED.containsKey(module);
                    events.add(new SimpleConditionEvent(
                            c,
                            ok,
                            c.getName() + " is in package " + c.getPackageName() + ", which is not in a known module"
                                    + " (dev.lockstep.<module>, module one of " + ALLOWED.keySet() + ")"));
                }
            });

    static final ArchRule CORE_IMPORTS_NO_OTHER_MODULE = noClasses()
            .that()
            .resideInAPackage(ROOT + ".core..")
            .should()
            .dependOnClassesThat(new DescribedPredicate<JavaClass>("are in a Lockstep module other than core") {
                @Override
                public boolean test(JavaClass c) {
                    String module = moduleOf(base(c).getPackageName());
                    return module != null && !module.equals("core");
                }
            });

    static final ArchRule NOTHING_IMPORTS_CLI = noClasses()
            .that()
            .resideOutsideOfPackage(ROOT + ".cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROOT + ".cli..");

    static final ArchRule NOTHING_IMPORTS_BENCH = noClasses()
            .that()
            .resideOutsideOfPackage(ROOT + ".bench..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROOT + ".bench..");

    static final ArchRule MODULES_USE_ONLY_WHAT_THE_RULE_ALLOWS = classes()
            .that()
            .resideInAPackage(ROOT + "..")
            .should(new ArchCondition<JavaClass>("use only the modules the dependency rule allows " + ALLOWED) {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String from = moduleOf(c.getPackageName());
                    Set<String> allowed = ALLOWED.get(from);
                    if (allowed == null) {
                        return; // EVERY_CLASS_IS_IN_A_KNOWN_MODULE reports it
                    }
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        String to = moduleOf(base(d.getTargetClass()).getPackageName());
                        if (to != null && !to.equals(from) && !allowed.contains(to)) {
                            events.add(SimpleConditionEvent.violated(
                                    d, "module " + from + " may not use module " + to + ": " + d.getDescription()));
                        }
                    }
                }
            });

    static final ArchRule INTERNAL_STAYS_IN_ITS_MODULE = classes()
            .that()
            .resideInAPackage(ROOT + "..")
            .should(new ArchCondition<JavaClass>("use no other module's internal packages") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String from = moduleOf(c.getPackageName());
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        String target = base(d.getTargetClass()).getPackageName();
                        String to = moduleOf(target);
                        if (to != null && isInternal(target) && !to.equals(from)) {
                            events.add(SimpleConditionEvent.violated(
                                    d,
                                    "module " + from + " uses " + target + ", internal to module " + to + ": "
                                            + d.getDescription()));
                        }
                    }
                }
            });

    static final ArchRule PUBLIC_API_EXPOSES_NO_INTERNAL_TYPE = classes()
            .that(new DescribedPredicate<JavaClass>("are public API of a library module") {
                @Override
                public boolean test(JavaClass c) {
                    return LIBRARIES.contains(moduleOf(c.getPackageName()))
                            && !isInternal(c.getPackageName())
                            && effectivelyPublic(c);
                }
            })
            .should(new ArchCondition<JavaClass>("show no internal type in a public or protected signature") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    boolean subclassable = !c.getModifiers().contains(JavaModifier.FINAL);
                    c.getSuperclass().ifPresent(t -> report(c, "extends", t, events));
                    c.getInterfaces().forEach(t -> report(c, "implements", t, events));
                    for (JavaField f : c.getFields()) {
                        if (visible(f, subclassable)) {
                            report(f, "field type", f.getType(), events);
                        }
                    }
                    for (JavaCodeUnit u : c.getCodeUnits()) {
                        if (!visible(u, subclassable)) {
                            continue;
                        }
                        report(u, "return type", u.getReturnType(), events);
                        u.getParameterTypes().forEach(t -> report(u, "parameter", t, events));
                        u.getThrowsClause().getTypes().forEach(t -> report(u, "throws", t, events));
                    }
                }
            });

    /** OpenTelemetry is the optional lockstep-flow-otlp's alone (package dev.lockstep.flow.otlp). */
    static final ArchRule OPENTELEMETRY_ONLY_IN_FLOW_OTLP = noClasses()
            .that()
            .resideInAPackage(ROOT + "..")
            .and()
            .resideOutsideOfPackage(ROOT + ".flow.otlp..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.opentelemetry..");

    /**
     * Hazelcast is lockstep-cluster's alone among the libraries (package dev.lockstep.cluster). The
     * applications may use the Hazelcast types cluster's API hands out ({@code Member}): the CLI
     * prints a member's address, and the bench runs Hazelcast's own executor as the peer of {@code
     * cluster-tiny-tasks}.
     */
    static final ArchRule HAZELCAST_ONLY_IN_CLUSTER = noClasses()
            .that()
            .resideInAPackage(ROOT + "..")
            .and()
            .resideOutsideOfPackages(ROOT + ".cluster..", ROOT + ".cli..", ROOT + ".bench..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.hazelcast..");

    /** Every rule, for a test that checks them all. */
    static final List<ArchRule> ALL = List.of(
            EVERY_CLASS_IS_IN_A_KNOWN_MODULE,
            CORE_IMPORTS_NO_OTHER_MODULE,
            NOTHING_IMPORTS_CLI,
            NOTHING_IMPORTS_BENCH,
            MODULES_USE_ONLY_WHAT_THE_RULE_ALLOWS,
            INTERNAL_STAYS_IN_ITS_MODULE,
            PUBLIC_API_EXPOSES_NO_INTERNAL_TYPE,
            OPENTELEMETRY_ONLY_IN_FLOW_OTLP,
            HAZELCAST_ONLY_IN_CLUSTER);

    private static boolean effectivelyPublic(JavaClass c) {
        if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
            return false;
        }
        return c.getEnclosingClass()
                .map(LockstepArchitecture::effectivelyPublic)
                .orElse(true);
    }

    private static boolean visible(JavaMember m, boolean subclassable) {
        Set<JavaModifier> mods = m.getModifiers();
        if (mods.contains(JavaModifier.SYNTHETIC) || mods.contains(JavaModifier.BRIDGE)) {
            return false;
        }
        return mods.contains(JavaModifier.PUBLIC) || (subclassable && mods.contains(JavaModifier.PROTECTED));
    }

    private static void report(Object where, String role, JavaType type, ConditionEvents events) {
        Collection<JavaClass> internal = new LinkedHashSet<>();
        for (JavaClass t : type.getAllInvolvedRawTypes()) {
            JavaClass b = base(t);
            if (moduleOf(b.getPackageName()) != null && isInternal(b.getPackageName())) {
                internal.add(b);
            }
        }
        for (JavaClass t : internal) {
            String owner = where instanceof JavaMember m ? m.getFullName() : ((JavaClass) where).getName();
            events.add(SimpleConditionEvent.violated(
                    where, owner + " is public API but its " + role + " shows internal type " + t.getName()));
        }
    }
}
