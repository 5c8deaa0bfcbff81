package dev.lockstep.core.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The codecs a recorder may write and a reader can decode, by name and by type. Immutable:
 * {@link #with} returns a new registry, so one registry can be shared by every thread.
 *
 * <pre>{@code
 * CodecRegistry codecs = CodecRegistry.defaults().with(Codec.of("point", Point.class, ..., ...));
 * }</pre>
 *
 * <p>Names are unique (registering a second codec under a taken name throws, naming both types).
 * Several codecs may share a type; for {@link ReplayRecorder#append(long, String, Object)} the
 * codec of a value is the first registered whose type is the value's class, else the first
 * registered whose type is a supertype of it (registration order, so the choice is
 * deterministic). Pass a codec explicitly to choose another.
 */
public final class CodecRegistry {
    private static final CodecRegistry DEFAULTS = new CodecRegistry(new LinkedHashMap<>())
            .with(
                    Codecs.BYTES,
                    Codecs.STRING,
                    Codecs.LONG,
                    Codecs.INT,
                    Codecs.DOUBLE,
                    Codecs.BOOLEAN,
                    Codecs.LONG_ARRAY,
                    Codecs.CLOCK_READING);

    private final LinkedHashMap<String, Codec<?>> byName; // never mutated after construction

    private CodecRegistry(LinkedHashMap<String, Codec<?>> byName) {
        this.byName = byName;
    }

    /** The default codecs ({@link Codecs}): byte[], String, Long, Integer, Double, Boolean, long[], ClockReading. */
    public static CodecRegistry defaults() {
        return DEFAULTS;
    }

    /** A registry without codecs. */
    public static CodecRegistry empty() {
        return new CodecRegistry(new LinkedHashMap<>());
    }

    /**
     * This registry plus {@code codecs}.
     *
     * @throws IllegalArgumentException if a name is taken by another codec (the message names the
     *     name and both types) or invalid
     */
    public CodecRegistry with(Codec<?>... codecs) {
        LinkedHashMap<String, Codec<?>> next = new LinkedHashMap<>(byName);
        for (Codec<?> c : codecs) {
            if (c == null) {
                throw new IllegalArgumentException("null codec");
            }
            Codecs.checkName(c.name(), "codec name");
            if (c.type() == null) {
                throw new IllegalArgumentException("codec '" + c.name() + "' has no type");
            }
            Codec<?> old = next.putIfAbsent(c.name(), c);
            if (old != null && old != c) {
                throw new IllegalArgumentException("codec name '" + c.name() + "' is taken: registered for "
                        + old.type().getName() + ", registering again for "
                        + c.type().getName());
            }
        }
        return new CodecRegistry(next);
    }

    /** The codec named {@code name}, or null. */
    public Codec<?> byName(String name) {
        return byName.get(name);
    }

    /** The codec for values of class {@code type} (see the class comment), or null. */
    @SuppressWarnings("unchecked")
    public <T> Codec<? super T> forType(Class<T> type) {
        for (Codec<?> c : byName.values()) {
            if (c.type() == type) {
                return (Codec<? super T>) c;
            }
        }
        for (Codec<?> c : byName.values()) {
            if (c.type().isAssignableFrom(type)) {
                return (Codec<? super T>) c;
            }
        }
        return null;
    }

    /** The names, in registration order. */
    public List<String> names() {
        return List.copyOf(new ArrayList<>(byName.keySet()));
    }

    /** Name to codec, in registration order (a copy). */
    public Map<String, Codec<?>> asMap() {
        return new LinkedHashMap<>(byName);
    }

    @Override
    public String toString() {
        return "CodecRegistry" + byName.keySet();
    }
}
