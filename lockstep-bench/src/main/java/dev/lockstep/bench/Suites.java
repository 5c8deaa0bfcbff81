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
     *     times modes)
     * @param expected results expected per benchmark name
     */
    record Plan(
            String suite,
            List<BenchmarkListEntry> entries,
            Map<String, List<Side>> sides,
            long runs,
            Map<String, Long> expected) {
        Set<String> benchmarks() {
            return sides.keySet();
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
     * finds a match in its name or in the JMH name of one of its methods, and then every side of
     * it runs: a filter never separates Lockstep's side from its peers. A method without
     * annotations is kept when the regex finds a match in its JMH name.
     */
    static Plan plan(String suite, Pattern filter, Collection<BenchmarkListEntry> all) {
        String prefix = packageOf(suite) + ".";
        List<BenchmarkListEntry> inSuite = new ArrayList<>();
        Map<String, List<Side>> sides = new LinkedHashMap<>();
        for (BenchmarkListEntry e : all) {
            if (e.getUsername().startsWith(prefix)) {
                inSuite.add(e);
                sides.computeIfAbsent(e.getUsername(), Side::of);
            }
        }
        Set<String> results = new LinkedHashSet<>();
        if (filter != null) {
            sides.forEach((benchmark, ss) -> {
                for (Side s : ss) {
                    if (filter.matcher(s.result()).find()
                            || filter.matcher(benchmark).find()) {
                        results.add(s.result());
                    }
                }
            });
        }
        List<BenchmarkListEntry> entries = new ArrayList<>();
        Map<String, List<Side>> selectedSides = new LinkedHashMap<>();
        Map<String, Long> expected = new LinkedHashMap<>();
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
            }
        }
        return new Plan(suite, List.copyOf(entries), selectedSides, runs, expected);
    }

    /** Results one entry yields: its parameter combinations times its modes. */
    static long runsOf(BenchmarkListEntry e) {
        long combos = 1;
        if (e.getParams().hasValue()) {
            for (String[] values : e.getParams().get().values()) {
                combos *= Math.max(1, values.length);
            }
        }
        long modes = e.getMode() == Mode.All ? Mode.values().length - 1 : 1;
        return combos * modes;
    }
}
