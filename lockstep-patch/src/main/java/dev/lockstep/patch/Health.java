package dev.lockstep.patch;

import java.util.Map;

/**
 * What a {@link HealthMonitor} saw in one window of ticks.
 *
 * @param fromTick the window's first tick
 * @param ticks ticks run in the window so far
 * @param errorsByKind error count per kind (see {@link RuntimeError#kind()})
 * @param errorsByBlock error count per block id
 * @param firstError the window's first error, or null
 * @param ticksOverBudget ticks that took longer than the monitor's budget
 * @param slowestTickMs the longest tick of the window in ms (0 without a budget clock)
 */
public record Health(
        long fromTick,
        long ticks,
        Map<String, Long> errorsByKind,
        Map<String, Long> errorsByBlock,
        RuntimeError firstError,
        long ticksOverBudget,
        double slowestTickMs) {
    public Health {
        errorsByKind = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(errorsByKind));
        errorsByBlock = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(errorsByBlock));
    }

    public long errors() {
        return errorsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean healthy() {
        return errors() == 0 && ticksOverBudget == 0;
    }
}
