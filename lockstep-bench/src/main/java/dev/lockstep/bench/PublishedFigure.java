package dev.lockstep.bench;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@link Published} annotation, read and checked.
 *
 * @param value the figure
 * @param unit its short unit ({@code ms}, {@code ns}, {@code ops/us}...)
 * @param source where it comes from
 * @param params the parameter values it is for (empty: every combination)
 */
record PublishedFigure(double value, String unit, String source, SortedMap<String, String> params) {
    PublishedFigure {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException("a published value must be positive and finite, not " + value);
        }
        if (!Units.known(unit)) {
            throw new IllegalArgumentException("published unit '" + unit + "' is not one the report converts (ns, us,"
                    + " ms, s, min, hr, day, or ops/ followed by one of them)");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a published figure needs a source");
        }
        params = new TreeMap<>(params);
    }

    /** Whether a run with these parameters is one the figure is for. */
    boolean matches(Map<String, String> runParams) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!e.getValue().equals(runParams.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** {@code n=5000}, or {@code every parameter value}. */
    String paramsText() {
        return params.isEmpty() ? "every parameter value" : params.toString().replaceAll("[{}]", "");
    }
}
