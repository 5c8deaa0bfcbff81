package dev.lockstep.bench;

import java.util.Map;

/**
 * Short units and directions. JMH writes {@code ms/op} for a time per operation and
 * {@code ops/us} for a throughput; results quote {@code ms} and {@code ops/us}.
 */
final class Units {
    private Units() {}

    private static final Map<String, Double> SECONDS =
            Map.of("ns", 1e-9, "us", 1e-6, "ms", 1e-3, "s", 1.0, "min", 60.0, "hr", 3600.0, "day", 86400.0);

    /** {@code ms/op} becomes {@code ms}; a throughput unit ({@code ops/us}) stays as it is. */
    static String shortUnit(String jmhUnit) {
        return jmhUnit.endsWith("/op") ? jmhUnit.substring(0, jmhUnit.length() - 3) : jmhUnit;
    }

    /** {@code higher} for throughput ({@code thrpt}), {@code lower} for every time mode. */
    static String better(String modeShortLabel) {
        return modeShortLabel.equals("thrpt") ? "higher" : "lower";
    }

    /** Whether {@code unit} is a time or throughput unit that {@link #convert} knows. */
    static boolean known(String unit) {
        return SECONDS.containsKey(unit) || unit.startsWith("ops/") && SECONDS.containsKey(unit.substring(4));
    }

    /**
     * Converts {@code value} from one unit to another of the same kind (time to time, or
     * throughput to throughput); NaN when they are of different kinds or unknown.
     */
    static double convert(double value, String from, String to) {
        if (from.equals(to)) {
            return value;
        }
        Double f = SECONDS.get(from);
        Double t = SECONDS.get(to);
        if (f != null && t != null) {
            return value * f / t;
        }
        if (from.startsWith("ops/") && to.startsWith("ops/")) {
            f = SECONDS.get(from.substring(4));
            t = SECONDS.get(to.substring(4));
            if (f != null && t != null) {
                return value * t / f;
            }
        }
        return Double.NaN;
    }
}
