package dev.lockstep.core.trace;

/**
 * What one recorded event marks. A {@link TraceKind.Type#SPAN} kind is recorded as {@link #BEGIN}
 * and {@link #END} pairs (on one thread, properly nested) or as one {@link #COMPLETE} event that
 * carries its duration; an {@link TraceKind.Type#INSTANT} kind as {@link #INSTANT}; a {@link
 * TraceKind.Type#COUNTER} kind as {@link #COUNTER} (its two fields are the counter values).
 */
public enum TracePhase {
    BEGIN("begin", "B", TraceKind.Type.SPAN),
    END("end", "E", TraceKind.Type.SPAN),
    COMPLETE("complete", "X", TraceKind.Type.SPAN),
    INSTANT("instant", "i", TraceKind.Type.INSTANT),
    COUNTER("counter", "C", TraceKind.Type.COUNTER);

    private static final TracePhase[] VALUES = values();

    private final String word;
    private final String chrome;
    private final TraceKind.Type type;

    TracePhase(String word, String chrome, TraceKind.Type type) {
        this.word = word;
        this.chrome = chrome;
        this.type = type;
    }

    /** The word the JSON Lines format uses: {@code begin}, {@code end}, {@code complete}, ... */
    public String word() {
        return word;
    }

    /** The Chrome Trace Event Format's {@code ph} letter: B, E, X, i or C. */
    public String chromeLetter() {
        return chrome;
    }

    /** The kind type this phase belongs to. */
    public TraceKind.Type type() {
        return type;
    }

    /** The phase with this {@link #word()}, or {@code null}. */
    public static TracePhase ofWord(String word) {
        for (TracePhase p : VALUES) {
            if (p.word.equals(word)) {
                return p;
            }
        }
        return null;
    }

    /** The phase with this ordinal; the rings store phases as ordinals. */
    public static TracePhase ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
