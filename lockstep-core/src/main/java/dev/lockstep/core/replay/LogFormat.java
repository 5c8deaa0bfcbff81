package dev.lockstep.core.replay;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The byte format of a replay log, version {@value #VERSION}; docs/core/replay.md ("Byte format")
 * is the specification and this class its constants and codecs. All integers are big-endian;
 * varints are unsigned LEB128 (7 bits per byte, low group first).
 *
 * <pre>
 * header (16 bytes)  magic "LSREPLAY" (8) | version u16 | flags u16 (0) | CRC32C of bytes 0..11 (u32)
 * record             length word u32 | CRC32C u32 | body (length bytes)
 *   length word      check byte (bits 31..24) | body length (bits 23..0, 1 .. 16 MiB - 1)
 *   check byte       0x5A ^ each of the three length bytes: any change of one byte of the word fails it
 *   CRC32C           over the previous record's CRC (the header's for the first record, u32) then the body
 * bodies             DATA   1 | time delta uvarint64 | source id uvarint32 | codec id uvarint32 | payload
 *                    SOURCE 2 | id uvarint32 | name UTF-8 (1..255 bytes)
 *                    CODEC  3 | id uvarint32 | name UTF-8 (1..255 bytes)
 *                    END    4 | data records u64 | flags u8 | dropped bytes u64 | damage offset u64 | damage code u8
 * </pre>
 *
 * <p>Why every single changed byte is detected: header bytes are covered by the magic, the
 * version check and the header CRC; a length word by its check byte; a CRC field and a body by
 * the CRC (CRC32C detects every error burst of at most 32 bits, so every one-byte change).
 * Truncation is detected because every record's length is checked against the bytes left and
 * a closed log ends with an END record that is exactly the last thing in the file.
 */
final class LogFormat {
    private LogFormat() {}

    static final byte[] MAGIC = "LSREPLAY".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_SIZE = 16;
    static final int FRAME_SIZE = 8;
    static final int MAX_BODY = (1 << 24) - 1;
    static final int MAX_NAME_BYTES = 255;
    private static final int CHECK_SALT = 0x5A;

    static final byte DATA = 1;
    static final byte SOURCE = 2;
    static final byte CODEC = 3;
    static final byte END = 4;

    /** END body: type, data records, flags, dropped bytes, damage offset, damage code. */
    static final int END_BODY_SIZE = 1 + 8 + 1 + 8 + 8 + 1;

    /** END flag: the log was rewritten by recovery after damage. */
    static final int END_FLAG_RECOVERED = 1;

    /** The time before the first data record, from which the first delta counts. */
    static final long TIME_BASE = Long.MIN_VALUE;

    /** Largest DATA body header: type, a 10-byte and two 5-byte varints. */
    static final int MAX_DATA_HEADER = 1 + 10 + 5 + 5;

    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    /** The length word for a body of {@code length} bytes: the check byte over the length's three bytes. */
    static int lengthWord(int length) {
        int check = CHECK_SALT ^ (length >>> 16 & 0xFF) ^ (length >>> 8 & 0xFF) ^ (length & 0xFF);
        return check << 24 | length;
    }

    /** The body length in {@code word}, or -1 if its check byte does not match. */
    static int lengthOf(int word) {
        int length = word & 0xFF_FFFF;
        return lengthWord(length) == word ? length : -1;
    }

    /** Writes the 16-byte header of a new log into {@code dst} at 0; returns its CRC, the chain's seed. */
    static int writeHeader(byte[] dst) {
        System.arraycopy(MAGIC, 0, dst, 0, MAGIC.length);
        SHORT.set(dst, 8, (short) VERSION);
        SHORT.set(dst, 10, (short) 0);
        int crc = crc(dst, 0, 12);
        INT.set(dst, 12, crc);
        return crc;
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /**
     * The CRC of a framed record at {@code frame} in {@code b}: over the previous CRC then the body.
     * The previous CRC is placed in the CRC field (bytes 4..7 of the frame) so both are covered by
     * one pass over contiguous bytes; the caller overwrites the field with the result.
     */
    static int recordCrc(CRC32C c, byte[] b, int frame, int bodyLength, int previousCrc) {
        INT.set(b, frame + 4, previousCrc);
        c.reset();
        c.update(b, frame + 4, 4 + bodyLength);
        return (int) c.getValue();
    }

    /** Bytes an unsigned LEB128 varint of {@code v} takes (1 to 10). */
    static int varLongSize(long v) {
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    /** Writes {@code v} as an unsigned LEB128 varint at {@code pos}; returns the position after it. */
    static int putVarLong(byte[] b, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            b[pos++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        b[pos++] = (byte) v;
        return pos;
    }

    /**
     * Frames an END record at {@code at} in {@code b} (which must hold {@link #FRAME_SIZE} + {@link
     * #END_BODY_SIZE} bytes from there); returns its CRC.
     */
    static int putEnd(
            byte[] b,
            int at,
            CRC32C c,
            int previousCrc,
            long dataRecords,
            int flags,
            long droppedBytes,
            long damageOffset,
            int damageCode) {
        int p = at + FRAME_SIZE;
        b[p] = END;
        LONG.set(b, p + 1, dataRecords);
        b[p + 9] = (byte) flags;
        LONG.set(b, p + 10, droppedBytes);
        LONG.set(b, p + 18, damageOffset);
        b[p + 26] = (byte) damageCode;
        INT.set(b, at, lengthWord(END_BODY_SIZE));
        int crc = recordCrc(c, b, at, END_BODY_SIZE, previousCrc);
        INT.set(b, at + 4, crc);
        return crc;
    }
}
