package dev.lockstep.core.replay;

import java.util.Arrays;

/**
 * Where a {@link Codec} writes a payload. It appends to the recorder's batch buffer directly, so
 * encoding allocates nothing. Integers are big-endian. Valid only during the {@link
 * Codec#encode} call it is passed to.
 *
 * <p>Also the recorder's batch buffer itself ({@link ReplayRecorder} frames records around the
 * payload in the same array); a payload may not grow its record past the format's maximum body
 * (16 MiB - 1 bytes), checked as it grows so a runaway codec fails early.
 */
public final class PayloadWriter {
    byte[] buf; // guarded by the recorder's append lock
    int pos;
    int recordStart; // frame offset of the record being written; bounds its growth

    PayloadWriter(int capacity) {
        buf = new byte[capacity];
    }

    public PayloadWriter writeByte(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    /** One byte, 1 or 0. */
    public PayloadWriter writeBoolean(boolean v) {
        return writeByte(v ? 1 : 0);
    }

    public PayloadWriter writeInt(int v) {
        ensure(4);
        LogFormat.INT.set(buf, pos, v);
        pos += 4;
        return this;
    }

    public PayloadWriter writeLong(long v) {
        ensure(8);
        LogFormat.LONG.set(buf, pos, v);
        pos += 8;
        return this;
    }

    /** The raw IEEE 754 bits ({@link Double#doubleToRawLongBits}): every NaN round-trips exactly. */
    public PayloadWriter writeDouble(double v) {
        return writeLong(Double.doubleToRawLongBits(v));
    }

    /** An unsigned LEB128 varint (1 to 10 bytes). */
    public PayloadWriter writeVarLong(long v) {
        ensure(10);
        pos = LogFormat.putVarLong(buf, pos, v);
        return this;
    }

    public PayloadWriter writeBytes(byte[] b) {
        return writeBytes(b, 0, b.length);
    }

    public PayloadWriter writeBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    /**
     * {@code s} in UTF-8, without a length (a reader uses {@link PayloadReader#remaining()} or a
     * length the codec wrote first).
     *
     * @throws IllegalArgumentException if {@code s} holds an unpaired surrogate, which UTF-8
     *     cannot carry: the value would not round-trip, so it is refused rather than altered
     */
    public PayloadWriter writeUtf8(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (pos == buf.length) {
                    ensure(n - i);
                }
                buf[pos++] = (byte) c;
            } else {
                i = writeUtf8SlowPath(s, i);
            }
        }
        return this;
    }

    /** Encodes the non-ASCII char at {@code i} (and its low surrogate); returns the index of the last char used. */
    private int writeUtf8SlowPath(String s, int i) {
        ensure(4 + s.length() - i);
        char c = s.charAt(i);
        if (c < 0x800) {
            buf[pos++] = (byte) (0xC0 | c >> 6);
            buf[pos++] = (byte) (0x80 | c & 0x3F);
        } else if (!Character.isSurrogate(c)) {
            buf[pos++] = (byte) (0xE0 | c >> 12);
            buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
            buf[pos++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buf[pos++] = (byte) (0xF0 | cp >> 18);
            buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[pos++] = (byte) (0x80 | cp & 0x3F);
            return i + 1;
        } else {
            throw new IllegalArgumentException("string holds an unpaired surrogate at index " + i + " (\\u"
                    + Integer.toHexString(c) + "), which UTF-8 cannot carry");
        }
        return i;
    }

    /** Makes room for {@code n} more bytes, refusing to grow a record past the format's maximum body. */
    void ensure(int n) {
        if (pos + n > buf.length) {
            ensureSlowPath(n);
        }
    }

    private void ensureSlowPath(int n) {
        long recordBytes = (long) pos - recordStart + n;
        if (recordBytes > LogFormat.FRAME_SIZE + LogFormat.MAX_BODY) {
            throw new IllegalArgumentException("record too large: " + (recordBytes - LogFormat.FRAME_SIZE)
                    + " bytes, the format's maximum is " + LogFormat.MAX_BODY);
        }
        long want = Math.max((long) buf.length * 2, (long) pos + n);
        buf = Arrays.copyOf(buf, (int) Math.min(want, Integer.MAX_VALUE - 16));
    }
}
