package dev.lockstep.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * The suites and their benchmarks. A suite is a package: suite {@code core} is every JMH
 * benchmark in {@code dev.lockstep.bench.core} and its sub-packages, as listed in the
 * {@code META-INF/BenchmarkList} files JMH's annotation processor writes (every copy on the
 * classpath is read). {@code selftest} is a hidden suite: runnable, not advertised.
 */
final class Suites {
    private Suites() {}

    /** The suites DESIGN.md names, in its order. */
    static final List<String> VALID = List.of("core", "kernel", "sync", "io", "flow", "patch", "cluster");

    /** Runnable but not listed: the runner's own end-to-end check. */
    static final List<String> HIDDEN = List.of("selftest");

    /**
     * The driver of a suite measured outside JMH ({@link ExternalSuite}), or {@code null} for a
     * JMH suite. The io and flow suites' servers and load generators, and the cluster suite's
     * member processes, are not JMH-shaped.
     */
    static ExternalSuite external(String suite) {
        return switch (suite) {
            case "io" -> new dev.lockstep.bench.io.IoSuite();
            case "flow" -> new dev.lockstep.bench.flow.FlowSuite();
            case "cluster" -> new dev.lockstep.bench.cluster.ClusterSuite();
            default -> null;
        };
    }

    static boolean known(String suite) {
        return VALID.contains(suite) || HIDDEN.contains(suite);
    }

    static String packageOf(String suite) {
        return "dev.lockstep.bench." + suite;
    }

    /**
     * What one run measures.
     *
     * @param suite the suite
     * @param entries the selected JMH benchmark list entries, in JMH's order
     * @param sides each selected benchmark's {@code @Ours}/{@code @Peer} sides, by JMH name
     * @param runs how many results JMH should produce (entries times parameter combinations
     *     times modes), cold runs included
     * @param expected results expected per benchmark name from the steady-state run
     * @param expectedCold results expected per {@link Cold} benchmark from the cold run (one per
     *     parameter combination); empty when no selected benchmark is cold
     */
    record Plan(
            String suite,
            List<BenchmarkListEntry> entries,
            Map<String, List<Side>> sides,
            long runs,
            Map<String, Long> expected,
            Map<String, Long> expectedCold) {
        Plan(
                String suite,
                List<BenchmarkListEntry> entries,
                Map<String, List<Side>> sides,
                long runs,
                Map<String, Long> expected) {
            this(suite, entries, sides, runs, expected, Map.of());
        }

        Set<String> benchmarks() {
            return sides.keySet();
        }

        /** The {@link Cold} benchmarks, run a second time as first runs in fresh JVMs. */
        Set<String> cold() {
            return expectedCold.keySet();
        }

        /** Results the cold run should produce. */
        long coldRuns() {
            return expectedCold.values().stream().mapToLong(Long::longValue).sum();
        }

        /**
         * Results the AOT cold run should produce per {@link Cold} benchmark with an {@link
         * Cold#aotTraining()} class (one per parameter combination, like the cold run).
         */
        Map<String, Long> expectedAot() {
            Map<String, Long> aot = new LinkedHashMap<>();
            expectedCold.forEach((benchmark, n) -> {
                if (Side.aotTraining(benchmark) != null) {
                    aot.put(benchmark, n);
                }
            });
            return aot;
        }

        /** Results the AOT cold run should produce. */
        long aotRuns() {
            return expectedAot().values().stream().mapToLong(Long::longValue).sum();
        }

        /** The same plan without its cold runs. */
        Plan steadyOnly() {
            return new Plan(suite, entries, sides, runs - coldRuns(), expected, Map.of());
        }
    }

    /** Every benchmark JMH's annotation processor listed, from all copies on the classpath. */
    static SortedSet<BenchmarkListEntry> all() {
        SortedSet<BenchmarkListEntry> all = new TreeSet<>();
        try {
            Enumeration<URL> lists =
                    Suites.class.getClassLoader().getResources(BenchmarkList.BENCHMARK_LIST.substring(1));
            while (lists.hasMoreElements()) {
                URL url = lists.nextElement();
                try (InputStream in = url.openStream()) {
                    all.addAll(BenchmarkList.readBenchmarkList(in));
                }
            }
        } catch (IOException e) {
            throw new BenchException("cannot read JMH's benchmark list: " + e.getMessage(), e);
        }
        return all;
    }

    /**
     * Selects the benchmarks of {@code suite}. With a filter, a result is kept when the regex
     * finds a match in its name (a template's name for any of its parameter values, or the
     * {@code -cold} name of a {@link Cold} method) or in the JMH name of one of its methods, and
     * then every side of it runs: a filter never separates Lockstep's side from its peers, nor a
     * result from its cold run, nor one parameter value from the others. A method without
     * annotations is kept when the regex finds a match in its JMH name.
     *
     * @throws BenchException when a result name or a published figure names a parameter the
     *     benchmark does not have, or a published figure names a value the parameter does not take
     */
    static Plan plan(String suite, Pattern filter, Collection<BenchmarkListEntry> all) {
        String prefix = packageOf(suite) + ".";
        List<BenchmarkListEntry> inSuite = new ArrayList<>();
        Map<String, List<Side>> sides = new LinkedHashMap<>();
        Map<String, Map<String, String[]>> declared = new LinkedHashMap<>();
        Set<String> cold = new LinkedHashSet<>();
        for (BenchmarkListEntry e : all) {
            if (e.getUsername().startsWith(prefix)) {
                inSuite.add(e);
                Map<String, String[]> params = declared.computeIfAbsent(e.getUsername(), b -> new LinkedHashMap<>());
                if (e.getParams().hasValue()) {
                    params.putAll(e.getParams().get());
                }
                sides.computeIfAbsent(e.getUsername(), Side::of);
                if (Side.isCold(e.getUsername())) {
                    cold.add(e.getUsername());
                    Side.aotTraining(e.getUsername()); // a malformed training class fails before the run
                }
            }
        }
        sides.forEach((benchmark, ss) -> check(benchmark, ss, declared.get(benchmark)));
        Set<String> results = new LinkedHashSet<>();
        if (filter != null) {
            sides.forEach((benchmark, ss) -> {
                for (Side s : ss) {
                    List<String> names = new ArrayList<>(ResultNames.all(s.result(), declared.get(benchmark)));
                    names.add(s.result());
                    if (cold.contains(benchmark)) {
                        List<String> plain = List.copyOf(names);
                        names.addAll(plain.stream().map(n -> n + Cold.SUFFIX).toList());
                        if (Side.aotTraining(benchmark) != null) {
                            names.addAll(
                                    plain.stream().map(n -> n + Cold.AOT_SUFFIX).toList());
                        }
                    }
                    if (filter.matcher(benchmark).find()
                            || names.stream().anyMatch(n -> filter.matcher(n).find())) {
                        results.add(s.result());
                    }
                }
            });
        }
        List<BenchmarkListEntry> entries = new ArrayList<>();
        Map<String, List<Side>> selectedSides = new LinkedHashMap<>();
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, Long> expectedCold = new LinkedHashMap<>();
        long runs = 0;
        for (BenchmarkListEntry e : inSuite) {
            List<Side> ss = sides.get(e.getUsername());
            boolean keep = filter == null
                    || filter.matcher(e.getUsername()).find()
                    || ss.stream().anyMatch(s -> results.contains(s.result()));
            if (keep) {
                entries.add(e);
                selectedSides.put(e.getUsername(), ss);
                long n = runsOf(e);
                expected.merge(e.getUsername(), n, Long::sum);
                runs += n;
                if (cold.contains(e.getUsername())) {
                    long c = n / modesOf(e); // the cold run has one mode, single shot
                    expectedCold.merge(e.getUsername(), c, Long::sum);
                    runs += c;
                }
            }
        }
        return new Plan(suite, List.copyOf(entries), selectedSides, runs, expected, expectedCold);
    }

    /** Placeholders and published parameters must name the benchmark's parameters and values. */
    private static void check(String benchmark, List<Side> sides, Map<String, String[]> declared) {
        for (Side s : sides) {
            for (String p : ResultNames.placeholders(s.result())) {
                if (!declared.containsKey(p)) {
                    throw new BenchException("benchmark " + benchmark + ": result name '" + s.result()
                            + "' uses parameter '" + p + "', which the benchmark does not have" + known(declared));
                }
            }
            if (s.isPublished()) {
                s.figure().params().forEach((p, v) -> {
                    if (!declared.containsKey(p)) {
                        throw new BenchException("benchmark " + benchmark + ": @Published(peer = \"" + s.peer()
                                + "\") is for parameter '" + p + "', which the benchmark does not have"
                                + known(declared));
                    }
                    if (!List.of(declared.get(p)).contains(v)) {
                        throw new BenchException("benchmark " + benchmark + ": @Published(peer = \"" + s.peer()
                                + "\") is for " + p + "=" + v + ", but " + p + " takes only "
                                + String.join(", ", declared.get(p)));
                    }
                });
            }
        }
    }

    private static String known(Map<String, String[]> declared) {
        return declared.isEmpty()
                ? " (it has no @Param)"
                : " (its parameters: " + String.join(", ", declared.keySet()) + ")";
    }

    /** Results one entry yields: its parameter combinations times its modes. */
    static long runsOf(BenchmarkListEntry e) {
        long combos = 1;
        if (e.getParams().hasValue()) {
            for (String[] values : e.getParams().get().values()) {
                combos *= Math.max(1, values.length);
            }
        }
        return combos * modesOf(e);
    }

    private static long modesOf(BenchmarkListEntry e) {
        return e.getMode() == Mode.All ? Mode.values().length - 1 : 1;
    }
}
