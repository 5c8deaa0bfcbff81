package dev.lockstep.flow;

/**
 * A typed key of a request's state. Steps declare the slots they read and write; the {@link
 * StepView} a step receives lets it touch only those. Two slots are the same slot when their names
 * are equal (a route may not hold two slots of one name with different codecs: {@link
 * Pipeline#validate()} reports it).
 *
 * @param name the slot's name, unique in a route
 * @param codec how its values travel as bytes (see {@link SlotCodec})
 * @param <T> the values' type
 */
public record Slot<T>(String name, SlotCodec<T> codec) {
    public Slot {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a slot needs a name");
        }
        if (codec == null) {
            throw new IllegalArgumentException("slot '" + name + "' needs a codec");
        }
    }

    /** A slot of {@code codec}'s type. */
    public static <T> Slot<T> of(String name, SlotCodec<T> codec) {
        return new Slot<>(name, codec);
    }

    /** A UTF-8 text slot. */
    public static Slot<String> text(String name) {
        return new Slot<>(name, SlotCodec.UTF8);
    }

    /** A slot holding a long (decimal text as bytes). */
    public static Slot<Long> number(String name) {
        return new Slot<>(name, SlotCodec.LONG);
    }

    /** A slot holding {@code type} as JSON bytes. */
    public static <T> Slot<T> json(String name, Class<T> type) {
        return new Slot<>(name, SlotCodec.json(type));
    }

    /** The slot's type. */
    public Class<T> type() {
        return codec.type();
    }

    /**
     * {@code raw} as a value of this slot: decoded through the codec when it is bytes and the slot
     * does not hold bytes, otherwise checked against the slot's type.
     *
     * @throws FlowException naming the slot when the value has another type
     */
    public T land(Object raw) {
        if (raw instanceof byte[] bytes && codec.type() != byte[].class) {
            return codec.decode(bytes);
        }
        if (raw != null && !codec.type().isInstance(raw)) {
            throw new FlowException("slot '" + name + "' holds " + codec.type().getName() + ", not "
                    + raw.getClass().getName());
        }
        return codec.type().cast(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Slot<?> s && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
