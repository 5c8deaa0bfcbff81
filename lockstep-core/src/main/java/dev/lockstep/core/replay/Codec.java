package dev.lockstep.core.replay;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Turns values of one type into payload bytes and back. A log names each codec it uses (by
 * {@link #name()}, declared once per log), so a reader finds the codec by name in its {@link
 * CodecRegistry} and reports {@link Damage#UNKNOWN_CODEC} when it has none.
 *
 * <p>Contract: {@code decode(encode(v))} equals {@code v} (for arrays, element by element);
 * {@link #decode} must consume exactly the payload (a reader reports bytes left over as {@link
 * Damage#BAD_PAYLOAD}) and may throw any runtime exception on bytes it does not accept, which the
 * reader reports as {@link Damage#BAD_PAYLOAD} naming the record's offset and the codec. A codec
 * whose byte layout changes must change its name (for example {@code "order/2"}), so an old log
 * is never decoded by the new layout. Codecs must be stateless or thread-safe: one codec instance
 * serves every recorder and reader that uses it.
 *
 * @param <T> the values' type
 */
public interface Codec<T> {
    /** The codec's name as written in the log: 1 to 255 UTF-8 bytes, unique in a registry. */
    String name();

    /** The type of the values; a recorder picks the codec for {@code append(time, source, value)} by it. */
    Class<T> type();

    /** Writes {@code value}'s bytes; never called with null. */
    void encode(T value, PayloadWriter out);

    /** Reads a value from exactly the payload {@code in} holds. */
    T decode(PayloadReader in);

    /** A codec from two functions. */
    static <T> Codec<T> of(
            String name,
            Class<T> type,
            BiConsumer<? super T, PayloadWriter> encoder,
            Function<PayloadReader, T> decoder) {
        Codecs.checkName(name, "codec name");
        if (type == null || encoder == null || decoder == null) {
            throw new IllegalArgumentException("codec '" + name + "' needs a type, an encoder and a decoder");
        }
        return new Codec<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public void encode(T value, PayloadWriter out) {
                encoder.accept(value, out);
            }

            @Override
            public T decode(PayloadReader in) {
                return decoder.apply(in);
            }

            @Override
            public String toString() {
                return "Codec[" + name + ", " + type.getName() + "]";
            }
        };
    }
}
