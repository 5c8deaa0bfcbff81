package dev.lockstep.core.replay;

import dev.lockstep.core.time.ClockReading;
import java.nio.charset.StandardCharsets;

/**
 * The codecs every {@link CodecRegistry#defaults()} holds. Names are part of the byte format:
 * a log written with them names them, and they never change meaning.
 *
 * <table>
 *   <caption>Default codecs</caption>
 *   <tr><th>name</th><th>type</th><th>payload</th></tr>
 *   <tr><td>{@code bytes}</td><td>{@code byte[]}</td><td>the bytes</td></tr>
 *   <tr><td>{@code string}</td><td>{@code String}</td><td>UTF-8 (unpaired surrogates refused)</td></tr>
 *   <tr><td>{@code long}</td><td>{@code Long}</td><td>8 bytes</td></tr>
 *   <tr><td>{@code int}</td><td>{@code Integer}</td><td>4 bytes</td></tr>
 *   <tr><td>{@code double}</td><td>{@code Double}</td><td>8 bytes, raw IEEE 754 bits</td></tr>
 *   <tr><td>{@code boolean}</td><td>{@code Boolean}</td><td>1 byte, 0 or 1</td></tr>
 *   <tr><td>{@code long[]}</td><td>{@code long[]}</td><td>8 bytes per element</td></tr>
 *   <tr><td>{@code clock-reading}</td><td>{@link ClockReading}</td><td>kind (1 byte: 0 nanoTime, 1
 *       currentTimeMillis) then the value (8 bytes)</td></tr>
 * </table>
 */
public final class Codecs {
    private Codecs() {}

    public static final Codec<byte[]> BYTES =
            Codec.of("bytes", byte[].class, (v, out) -> out.writeBytes(v), PayloadReader::readRemaining);

    public static final Codec<String> STRING =
            Codec.of("string", String.class, (v, out) -> out.writeUtf8(v), in -> in.readUtf8(in.remaining()));

    public static final Codec<Long> LONG =
            Codec.of("long", Long.class, (v, out) -> out.writeLong(v), PayloadReader::readLong);

    public static final Codec<Integer> INT =
            Codec.of("int", Integer.class, (v, out) -> out.writeInt(v), PayloadReader::readInt);

    public static final Codec<Double> DOUBLE =
            Codec.of("double", Double.class, (v, out) -> out.writeDouble(v), PayloadReader::readDouble);

    public static final Codec<Boolean> BOOLEAN =
            Codec.of("boolean", Boolean.class, (v, out) -> out.writeBoolean(v), PayloadReader::readBoolean);

    public static final Codec<long[]> LONG_ARRAY = Codec.of(
            "long[]",
            long[].class,
            (v, out) -> {
                for (long x : v) {
                    out.writeLong(x);
                }
            },
            in -> {
                if (in.remaining() % 8 != 0) {
                    throw new IllegalArgumentException(
                            "long[] payload of " + in.remaining() + " bytes is not a multiple of 8");
                }
                long[] v = new long[in.remaining() / 8];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readLong();
                }
                return v;
            });

    public static final Codec<ClockReading> CLOCK_READING = Codec.of(
            "clock-reading",
            ClockReading.class,
            (v, out) -> out.writeByte(v.kind().ordinal()).writeLong(v.value()),
            in -> {
                int kind = in.readByte();
                ClockReading.Kind[] kinds = ClockReading.Kind.values();
                if (kind < 0 || kind >= kinds.length) {
                    throw new IllegalArgumentException("clock reading kind " + kind + " is not 0 or 1");
                }
                return new ClockReading(kinds[kind], in.readLong());
            });

    /** Throws {@link IllegalArgumentException} unless {@code name} is 1 to 255 UTF-8 bytes. */
    static byte[] checkName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > LogFormat.MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + " '" + name + "' is " + bytes.length
                    + " bytes in UTF-8, the maximum is " + LogFormat.MAX_NAME_BYTES);
        }
        if (!new String(bytes, StandardCharsets.UTF_8).equals(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not valid Unicode (unpaired surrogate)");
        }
        return bytes;
    }
}
