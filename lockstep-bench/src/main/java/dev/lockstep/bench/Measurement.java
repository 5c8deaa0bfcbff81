package dev.lockstep.bench;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One measured JMH benchmark, reduced to what the report needs.
 *
 * @param benchmark the JMH name, {@code package.Class.method}
 * @param mode JMH's short mode label: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param params the benchmark's {@code @Param} values for this run, sorted by name (empty if none)
 * @param unit the short unit ({@code ms}, {@code ops/us}, see {@link Units#shortUnit})
 * @param median the 50th percentile of all measurement iterations across forks (of all samples
 *     in sample mode)
 * @param error JMH's 99.9% confidence half-width, NaN when there are too few iterations
 * @param samples how many values the median was taken over
 * @param sides the {@code @Ours}/{@code @Peer} sides of the method (empty if it has none)
 * @param allocBytesPerOp JMH's GC profiler's {@code gc.alloc.rate.norm}, the median bytes
 *     allocated per operation, or {@code null} when the run had no {@code --gc}
 */
record Measurement(
        String benchmark,
        String mode,
        SortedMap<String, String> params,
        String unit,
        double median,
        double error,
        long samples,
        List<Side> sides,
        Double allocBytesPerOp) {
    Measurement {
        params = new TreeMap<>(params);
        sides = List.copyOf(sides);
    }

    Measurement(
            String benchmark,
            String mode,
            SortedMap<String, String> params,
            String unit,
            double median,
            double error,
            long samples,
            List<Side> sides) {
        this(benchmark, mode, params, unit, median, error, samples, sides, null);
    }

    Measurement(String benchmark, String mode, String unit, double median, List<Side> sides) {
        this(benchmark, mode, new TreeMap<>(Map.of()), unit, median, Double.NaN, 1, sides, null);
    }

    /** The same measurement with its bytes per operation. */
    Measurement withAllocBytesPerOp(Double bytes) {
        return new Measurement(benchmark, mode, params, unit, median, error, samples, sides, bytes);
    }

    String better() {
        return Units.better(mode);
    }
}
