package dev.lockstep.patch.internal.types;

/**
 * How many values a port carries per tick: a {@link #SIGNAL} has one, a {@link #FIELD} one per lane
 * of an instance, an {@link #EVENT} zero or more occurrences (key, value) this tick. {@link #ANY} on
 * a generic input accepts a signal or a field (the block's output is a field if any input is).
 */
public enum Extent {
    SIGNAL,
    FIELD,
    EVENT,
    ANY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
