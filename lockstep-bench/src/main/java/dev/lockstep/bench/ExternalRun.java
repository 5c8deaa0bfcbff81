package dev.lockstep.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs an {@link ExternalSuite} for {@link BenchMain}: selects its results with the filter, and
 * turns what its driver measured into a {@link Report} (rows in the driver's declared order, every
 * peer {@code measured}; a selected result without a value makes the report incomplete, with the
 * driver's reason as a warning).
 */
final class ExternalRun {
    private ExternalRun() {}

    /** The results a run measures: all, or those whose name the filter finds a match in. */
    static List<ExternalSuite.Result> select(ExternalSuite suite, Pattern filter) {
        return suite.results().stream()
                .filter(r -> filter == null || filter.matcher(r.name()).find())
                .toList();
    }

    /** Measures the selected results and builds the report. */
    static Report measure(
            String suiteName,
            ExternalSuite suite,
            List<ExternalSuite.Result> selected,
            boolean quick,
            String filter,
            PrintWriter progress) {
        Set<String> names = new LinkedHashSet<>();
        selected.forEach(r -> names.add(r.name()));
        ExternalSuite.Outcome outcome = suite.measure(new ExternalSuite.Run(Set.copyOf(names), quick, progress));
        return report(suiteName, selected, outcome, quick, filter);
    }

    /**
     * The report of one outcome.
     *
     * @throws BenchException when the driver returned a value for a result not selected, or two
     *     values for one result (a bug in the driver, not a measurement)
     */
    static Report report(
            String suiteName,
            List<ExternalSuite.Result> selected,
            ExternalSuite.Outcome outcome,
            boolean quick,
            String filter) {
        Map<String, ExternalSuite.Value> byName = new LinkedHashMap<>();
        Set<String> wanted = new LinkedHashSet<>();
        selected.forEach(r -> wanted.add(r.name()));
        for (ExternalSuite.Value v : outcome.values()) {
            if (!wanted.contains(v.name())) {
                throw new BenchException("suite " + suiteName + ": the driver measured '" + v.name()
                        + "', which was not selected (selected: " + String.join(", ", wanted) + ")");
            }
            if (byName.put(v.name(), v) != null) {
                throw new BenchException(
                        "suite " + suiteName + ": the driver returned two values for '" + v.name() + "'");
            }
        }
        List<ResultRow> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String name : wanted) {
            ExternalSuite.Value v = byName.get(name);
            if (v == null) {
                String reason = outcome.missing().getOrDefault(name, "the driver gave no value and no reason");
                warnings.add("result " + name + " was not measured: " + reason);
                continue;
            }
            rows.add(new ResultRow(
                    v.name(),
                    v.unit(),
                    v.better(),
                    v.ours(),
                    null,
                    v.peer(),
                    v.peerValue(),
                    null,
                    ResultRow.MEASURED,
                    v.oursSource(),
                    v.peerSource()));
        }
        return new Report(
                suiteName,
                quick,
                BenchMain.now(),
                warnings.isEmpty(),
                Machine.current(),
                null,
                filter,
                rows,
                List.of(),
                warnings);
    }
}
