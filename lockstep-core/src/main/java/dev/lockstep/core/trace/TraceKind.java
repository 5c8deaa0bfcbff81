package dev.lockstep.core.trace;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of trace event, registered once by the layer that records it: a name ({@code
 * sync.instant}, {@code flow.step}), a category (the layer, {@code sync}), a {@link Type}, and
 * the names of its three numbers: the logical time ({@code instant}, {@code tick}, {@code
 * request}) and the two typed fields {@code a} and {@code b}. Exporters use those names (Chrome
 * {@code args}, JFR fields), so one trace format serves every layer.
 *
 * <pre>{@code
 * static final TraceKind INSTANT =
 *         TraceKind.register("sync.instant", "sync", TraceKind.Type.SPAN, "instant", "signals", "processes");
 * ...
 * Trace.begin(INSTANT, instant, 0, 0);
 * ...
 * Trace.end(INSTANT, instant, emitted, ran);
 * }</pre>
 *
 * <h2>Registry</h2>
 *
 * <p>Registration gives each kind a small id (0, 1, 2, ... in registration order; the rings store
 * the id, not the object). Registering the same name again with the same shape returns the kind
 * already registered, so a class that is initialised twice (two class loaders) or two layers that
 * agree do not conflict; the same name with a different shape is an error naming both shapes
 * ({@code duplicateNameWithAnotherShapeIsRefused}). Registration takes a lock; it is done once,
 * in a static initialiser, never on a hot path. {@link #byId} reads a copy-on-write array
 * published with a volatile write: any thread that holds a kind can look its id up.
 *
 * <p>Kinds read back from a trace file are <em>descriptions</em> ({@link #describe}): they have
 * the same shape but no id and are not registered; recording one is an error. Equality is by
 * shape (name, category, type, the three names), so an event read back from a file equals the
 * one recorded.
 *
 * <h2>Names</h2>
 *
 * <p>A kind name is letters, digits, {@code _} and {@code -} in dot-separated segments, starting
 * with a letter, at most 100 characters: {@code sync.instant}, {@code io.read}, {@code
 * flow.effect-timeout}. By convention the first segment is the category. A category is one such
 * segment. Field names are Java-identifier-like ({@code [A-Za-z_][A-Za-z0-9_]*}) and the three
 * must differ.
 */
public final class TraceKind {
    /** What a kind's events mark; see {@link TracePhase} for the phases each allows. */
    public enum Type {
        /** Has a duration: recorded as BEGIN/END pairs or one COMPLETE event. */
        SPAN,
        /** A point in time. */
        INSTANT,
        /** Two counter values at a point in time (Chrome draws them as a graph). */
        COUNTER;

        /** Lower-case, as the file formats write it. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type with this {@link #word()}, or {@code null}. */
        public static Type ofWord(String word) {
            for (Type t : values()) {
                if (t.word().equals(word)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Most kinds one JVM may register; ids fit in 16 bits. */
    public static final int MAX_KINDS = 1 << 16;

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_NAME = 100;

    private static final Object LOCK = new Object();
    private static final Map<String, TraceKind> BY_NAME = new HashMap<>(); // guarded by LOCK
    private static volatile TraceKind[] byId = new TraceKind[0]; // copy-on-write under LOCK

    private final int id;
    private final String name;
    private final String category;
    private final Type type;
    private final String logicalTime;
    private final String fieldA;
    private final String fieldB;

    private TraceKind(
            int id, String name, String category, Type type, String logicalTime, String fieldA, String fieldB) {
        this.id = id;
        this.name = name;
        this.category = category;
        this.type = type;
        this.logicalTime = logicalTime;
        this.fieldA = fieldA;
        this.fieldB = fieldB;
    }

    /**
     * Registers a kind whose numbers are called {@code logicalTime}, {@code a} and {@code b}.
     *
     * @see #register(String, String, Type, String, String, String)
     */
    public static TraceKind register(String name, String category, Type type) {
        return register(name, category, type, "logicalTime", "a", "b");
    }

    /**
     * Registers a kind, or returns the one already registered under {@code name} if it has the
     * same shape.
     *
     * @param name the kind's name, see the class overview
     * @param category the layer or part that records it ({@code sync}, {@code io}, ...)
     * @param type span, instant or counter
     * @param logicalTime what the logical time means for this kind ({@code instant}, {@code tick},
     *     {@code request}, ...)
     * @param fieldA the name of field {@code a}
     * @param fieldB the name of field {@code b}
     * @throws IllegalArgumentException if a name is malformed or two field names are equal
     * @throws TraceException if {@code name} is registered with another shape, or {@link
     *     #MAX_KINDS} kinds are registered
     */
    public static TraceKind register(
            String name, String category, Type type, String logicalTime, String fieldA, String fieldB) {
        TraceKind wanted = describe(name, category, type, logicalTime, fieldA, fieldB);
        synchronized (LOCK) {
            TraceKind existing = BY_NAME.get(name);
            if (existing != null) {
                if (!existing.equals(wanted)) { // same name, another shape: refuse
                    throw new TraceException("trace kind '" + name + "' is already registered as " + existing.shape()
                            + "; cannot register it again as " + wanted.shape());
                }
                return existing;
            }
            TraceKind[] old = byId;
            if (old.length >= MAX_KINDS) {
                throw new TraceException(
                        "cannot register trace kind '" + name + "': " + MAX_KINDS + " kinds are registered already");
            }
            TraceKind kind = new TraceKind(old.length, name, category, type, logicalTime, fieldA, fieldB);
            TraceKind[] next = java.util.Arrays.copyOf(old, old.length + 1);
            next[kind.id] = kind;
            BY_NAME.put(name, kind);
            byId = next; // volatile: publishes the kind to byId readers
            return kind;
        }
    }

    /**
     * A kind's shape without registering it: what a trace file says about a kind. It has no id
     * ({@link #id()} is -1) and cannot be recorded.
     *
     * @throws IllegalArgumentException if a name is malformed or two field names are equal
     */
    public static TraceKind describe(
            String name, String category, Type type, String logicalTime, String fieldA, String fieldB) {
        check(name, "kind name", NAME, name);
        check(name, "category", CATEGORY, category);
        Objects.requireNonNull(type, () -> "trace kind '" + name + "': type is null");
        check(name, "logical time name", FIELD, logicalTime);
        check(name, "field a name", FIELD, fieldA);
        check(name, "field b name", FIELD, fieldB);
        if (logicalTime.equals(fieldA) || logicalTime.equals(fieldB) || fieldA.equals(fieldB)) {
            throw new IllegalArgumentException("trace kind '" + name + "': the names of the logical time and the two"
                    + " fields must differ, not " + logicalTime + ", " + fieldA + ", " + fieldB);
        }
        return new TraceKind(-1, name, category, type, logicalTime, fieldA, fieldB);
    }

    private static void check(String kind, String what, Pattern pattern, String value) {
        if (value == null) {
            throw new IllegalArgumentException("trace kind '" + kind + "': " + what + " is null");
        }
        if (value.length() > MAX_NAME || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("trace kind '" + kind + "': " + what + " '" + value
                    + "' is not valid (it must match " + pattern.pattern() + ", at most " + MAX_NAME
                    + " characters)");
        }
    }

    /**
     * The registered kind with this id.
     *
     * @throws IllegalArgumentException if no kind has this id
     */
    public static TraceKind byId(int id) {
        TraceKind[] all = byId; // volatile: sees every kind registered before
        if (id < 0 || id >= all.length) {
            throw new IllegalArgumentException("no trace kind has id " + id + " (" + all.length + " registered)");
        }
        return all[id];
    }

    /** The registered kind with this name, or {@code null}. */
    public static TraceKind named(String name) {
        synchronized (LOCK) {
            return BY_NAME.get(name);
        }
    }

    /** The id the rings store; -1 for a {@linkplain #describe description}. */
    public int id() {
        return id;
    }

    /** Whether this kind was registered (and so can be recorded). */
    public boolean isRegistered() {
        return id >= 0;
    }

    public String name() {
        return name;
    }

    public String category() {
        return category;
    }

    public Type type() {
        return type;
    }

    /** What the logical time of this kind's events means ({@code instant}, {@code tick}, ...). */
    public String logicalTimeName() {
        return logicalTime;
    }

    /** The name of field {@code a}. */
    public String fieldAName() {
        return fieldA;
    }

    /** The name of field {@code b}. */
    public String fieldBName() {
        return fieldB;
    }

    private String shape() {
        return "(category " + category + ", " + type.word() + ", logical time " + logicalTime + ", fields " + fieldA
                + ", " + fieldB + ")";
    }

    /** Equal when the shapes are: name, category, type and the three names (the id is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TraceKind k
                && name.equals(k.name)
                && category.equals(k.category)
                && type == k.type
                && logicalTime.equals(k.logicalTime)
                && fieldA.equals(k.fieldA)
                && fieldB.equals(k.fieldB);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, category, type, logicalTime, fieldA, fieldB);
    }

    @Override
    public String toString() {
        return "TraceKind[" + name + " " + shape() + (id >= 0 ? ", id " + id : ", not registered") + "]";
    }
}
