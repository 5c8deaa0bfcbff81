package dev.lockstep.core.replay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one payload for {@link Codec#decode}. Every read is bounds-checked against the payload:
 * reading past its end throws {@link IllegalArgumentException}, which the reader reports as
 * {@link Damage#BAD_PAYLOAD}. Valid only during the {@code decode} call it is passed to.
 */
public final class PayloadReader {
    private byte[] buf;
    private int pos;
    private int end;

    PayloadReader() {}

    PayloadReader reset(byte[] b, int from, int to) {
        buf = b;
        pos = from;
        end = to;
        return this;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return end - pos;
    }

    public byte readByte() {
        need(1);
        return buf[pos++];
    }

    /** One byte that must be 1 or 0. */
    public boolean readBoolean() {
        byte b = readByte();
        if (b != 0 && b != 1) {
            throw new IllegalArgumentException("boolean byte is " + b + ", expected 0 or 1");
        }
        return b == 1;
    }

    public int readInt() {
        need(4);
        int v = (int) LogFormat.INT.get(buf, pos);
        pos += 4;
        return v;
    }

    public long readLong() {
        need(8);
        long v = (long) LogFormat.LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    /** An unsigned LEB128 varint as {@link PayloadWriter#writeVarLong} writes it. */
    public long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new IllegalArgumentException("varint overflows 64 bits");
            }
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    /** The next {@code n} bytes, copied. */
    public byte[] readBytes(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative length " + n);
        }
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** Every byte not read yet, copied. */
    public byte[] readRemaining() {
        return readBytes(remaining());
    }

    /** The next {@code n} bytes as strict UTF-8 (malformed input throws). */
    public String readUtf8(int n) {
        need(n);
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos, n))
                    .toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("malformed UTF-8 in " + n + " bytes: " + e.getMessage(), e);
        }
    }

    private void need(int n) {
        if (n > end - pos) {
            throw new IllegalArgumentException("payload ends: needs " + n + " more bytes, " + (end - pos) + " left");
        }
    }
}
