package dev.lockstep.bench;

import java.util.List;

/**
 * Everything one run (or one saved JSON) says: what was run, where, the rows, and what could not
 * be paired or did not run.
 *
 * @param suite the suite name
 * @param quick whether {@code --quick} was given
 * @param date when the run finished, ISO-8601 UTC ({@code 2025-11-21T05:03:12Z})
 * @param complete false when a benchmark of the plan produced no result (it failed): the rows
 *     are then partial and the warnings say which benchmark is missing
 * @param machine where it ran
 * @param settings forks and iterations, or {@code null} when read from a JSON without them
 * @param filter the {@code --filter} regex, or {@code null}
 * @param rows the paired results
 * @param unpaired values in no row
 * @param warnings one line per irregularity
 */
record Report(
        String suite,
        boolean quick,
        String date,
        boolean complete,
        Machine machine,
        RunSettings settings,
        String filter,
        List<ResultRow> rows,
        List<Unpaired> unpaired,
        List<String> warnings) {
    Report {
        rows = List.copyOf(rows);
        unpaired = List.copyOf(unpaired);
        warnings = List.copyOf(warnings);
    }
}
