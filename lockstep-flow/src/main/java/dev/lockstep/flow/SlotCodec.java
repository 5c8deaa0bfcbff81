package dev.lockstep.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * How a slot's values travel as bytes. An effect whose operation produces bytes (a database row, a
 * cache entry, an HTTP body, a file) lands its result in the slot through {@link #decode}; an
 * effect that stores a slot's value (a put, a set, a request body) writes {@link #encode}. A value
 * that already has the slot's type (a compute task's result) lands as it is, checked against
 * {@link #type()}.
 *
 * <p>Contract: {@code decode(encode(v))} equals {@code v}; codecs are stateless or thread-safe.
 *
 * @param <T> the values' type
 */
public interface SlotCodec<T> {
    /** A short name for messages ("utf8", "json:Order"). */
    String name();

    /** The type of the values. */
    Class<T> type();

    /** The value's bytes; never called with null. */
    byte[] encode(T value);

    /** The value those bytes hold; may throw on bytes it does not accept. */
    T decode(byte[] bytes);

    /** UTF-8 text. */
    SlotCodec<String> UTF8 = of(
            "utf8", String.class, s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));

    /** Raw bytes, unchanged. */
    SlotCodec<byte[]> BYTES = of("bytes", byte[].class, b -> b, b -> b);

    /** A long as its decimal text (so database and cache values stay readable). */
    SlotCodec<Long> LONG = of(
            "long",
            Long.class,
            v -> Long.toString(v).getBytes(StandardCharsets.UTF_8),
            b -> Long.parseLong(new String(b, StandardCharsets.UTF_8).trim()));

    /** A long as 8 big-endian bytes. */
    SlotCodec<Long> LONG_BINARY = of(
            "long64",
            Long.class,
            v -> ByteBuffer.allocate(8).putLong(v).array(),
            b -> ByteBuffer.wrap(b).getLong());

    /** JSON through Jackson, for records and plain classes. */
    static <T> SlotCodec<T> json(Class<T> type) {
        ObjectMapper mapper = JsonHolder.MAPPER;
        return of(
                "json:" + type.getSimpleName(),
                type,
                v -> {
                    try {
                        return mapper.writeValueAsBytes(v);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                b -> {
                    try {
                        return mapper.readValue(b, type);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** A codec from two functions. */
    static <T> SlotCodec<T> of(String name, Class<T> type, Function<T, byte[]> encoder, Function<byte[], T> decoder) {
        if (name == null || type == null || encoder == null || decoder == null) {
            throw new IllegalArgumentException(
                    "slot codec '" + name + "' needs a name, a type, an encoder and a decoder");
        }
        return new SlotCodec<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public byte[] encode(T value) {
                return encoder.apply(value);
            }

            @Override
            public T decode(byte[] bytes) {
                return decoder.apply(bytes);
            }

            @Override
            public String toString() {
                return "SlotCodec[" + name + "]";
            }
        };
    }

    /** The shared Jackson mapper (thread-safe once configured). */
    final class JsonHolder {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private JsonHolder() {}
    }
}
