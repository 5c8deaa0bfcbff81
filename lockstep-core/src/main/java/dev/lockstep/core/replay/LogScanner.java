package dev.lockstep.core.replay;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a log's structure, record by record, and checks everything the format lets it check
 * without codecs: header, length words, the CRC chain, record types, declarations, references,
 * logical time, the end record and that nothing follows it. Used by {@link ReplayReader} (which
 * adds decoding) and by recovery (which stops at the first damage and keeps what came before).
 *
 * <p>Damage can never make it allocate more than the file holds or loop: a record's length is
 * checked against the check byte, the format's maximum and the bytes left in the file (as sized
 * when it was opened) before its body is read, and every record advances the position by at
 * least 9 bytes. State (position, chain, counts) is committed only after a record passed every
 * check, so after a {@link ReplayDamageException} it describes the last good record.
 *
 * <p>Single-threaded.
 */
final class LogScanner implements Closeable {
    private static final HexFormat HEX = HexFormat.of();

    final Path path;
    private final FileChannel ch;
    final long size; // the file's size when opened; bytes appended later are not read

    private final byte[] ahead = new byte[64 * 1024]; // read-ahead window
    private long aheadStart;
    private int aheadLength;
    private final CRC32C crc = new CRC32C();

    /** The current record: frame then body. */
    byte[] rec = new byte[512];

    int bodyLength;
    long recordOffset;
    long position; // where the next record starts (after the last good one)
    int prevCrc; // CRC of the last good record (the header's before the first)
    int crcBefore; // the chain value before the last good record (recovery replaces an end record with it)
    int type;

    final List<String> sources = new ArrayList<>();
    final List<String> codecNames = new ArrayList<>();
    long dataRecords;
    long lastTime = LogFormat.TIME_BASE;
    boolean ended;

    // the current DATA record
    long time;
    int sourceId;
    int codecId;
    int payloadStart;
    int payloadEnd;

    // the END record
    int endFlags;
    long endDroppedBytes;
    long endDamageOffset;
    Damage endDamage;

    private int cur; // parse position in rec

    private LogScanner(Path path, FileChannel ch) throws IOException {
        this.path = path;
        this.ch = ch;
        this.size = ch.size();
    }

    /**
     * Opens {@code path} and checks its header.
     *
     * @throws ReplayDamageException if the header is damaged
     * @throws ReplayException if the file cannot be read
     */
    static LogScanner open(Path path) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ReplayException("replay log " + path + " does not exist", e);
        } catch (IOException e) {
            throw new ReplayException("replay log " + path + ": cannot open: " + e, e);
        }
        LogScanner s = null;
        try {
            s = new LogScanner(path, ch);
            s.readHeader();
            return s;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new ReplayException("replay log " + path + ": cannot read: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one reported
        }
    }

    ReplayDamageException damage(Damage kind, long offset, String detail) {
        return new ReplayDamageException(path, offset, kind, detail);
    }

    private void readHeader() throws IOException {
        byte[] h = new byte[LogFormat.HEADER_SIZE];
        int n = (int) Math.min(size, h.length);
        read(0, h, 0, n);
        int m = Math.min(n, LogFormat.MAGIC.length);
        if (!Arrays.equals(h, 0, m, LogFormat.MAGIC, 0, m)) {
            throw damage(
                    Damage.BAD_MAGIC,
                    0,
                    "the file does not start with the replay log magic 'LSREPLAY' (found " + HEX.formatHex(h, 0, m)
                            + "): not a replay log");
        }
        if (n < LogFormat.HEADER_SIZE) {
            throw damage(
                    Damage.TRUNCATED,
                    0,
                    "the file is " + size + " bytes, shorter than the " + LogFormat.HEADER_SIZE + "-byte header");
        }
        int version = Short.toUnsignedInt((short) LogFormat.SHORT.get(h, 8));
        if (version != LogFormat.VERSION) {
            throw damage(
                    Damage.WRONG_VERSION,
                    8,
                    "the log is format version " + version + "; this reader reads version " + LogFormat.VERSION);
        }
        int stored = (int) LogFormat.INT.get(h, 12);
        int computed = LogFormat.crc(h, 0, 12);
        if (stored != computed) {
            throw damage(
                    Damage.CORRUPT_HEADER,
                    0,
                    "the header fails its CRC32C check (stored " + hex(stored) + ", computed " + hex(computed) + ")");
        }
        int flags = Short.toUnsignedInt((short) LogFormat.SHORT.get(h, 10));
        if (flags != 0) {
            throw damage(
                    Damage.CORRUPT_HEADER,
                    10,
                    "the header sets flags " + hex(flags) + ", which format version 1 does not define");
        }
        prevCrc = stored;
        position = LogFormat.HEADER_SIZE;
    }

    static String hex(int v) {
        return "0x" + HEX.toHexDigits(v);
    }

    /**
     * Reads and checks the next record; returns its type ({@link LogFormat#DATA}, {@code SOURCE},
     * {@code CODEC} or {@code END}). After END the log is complete.
     *
     * @throws ReplayDamageException at the first damage, with the scanner still at the last good record
     * @throws ReplayException if the file cannot be read
     */
    int next() {
        if (ended) {
            throw new IllegalStateException("replay log " + path + ": read past the end record");
        }
        try {
            return nextRecord();
        } catch (IOException e) {
            throw new ReplayException("replay log " + path + ": read failed at offset " + position + ": " + e, e);
        }
    }

    private int nextRecord() throws IOException {
        long at = position;
        recordOffset = at;
        long remaining = size - at;
        if (remaining == 0) {
            throw damage(
                    Damage.MISSING_END,
                    at,
                    "the log ends after " + dataRecords
                            + " data records without its end record: the writer did not close it (it crashed or is still writing)");
        }
        if (remaining < LogFormat.FRAME_SIZE) {
            throw damage(
                    Damage.TRUNCATED,
                    at,
                    "a record starts here but the file ends " + remaining + " bytes later, inside the "
                            + LogFormat.FRAME_SIZE + "-byte record frame");
        }
        read(at, rec, 0, LogFormat.FRAME_SIZE);
        int word = (int) LogFormat.INT.get(rec, 0);
        int length = LogFormat.lengthOf(word);
        if (length < 0) {
            throw damage(Damage.BAD_LENGTH, at, "the record's length field " + hex(word) + " fails its check byte");
        }
        if (length == 0) {
            throw damage(Damage.BAD_LENGTH, at, "the record's length field says 0 bytes; a body has at least 1");
        }
        if (length > remaining - LogFormat.FRAME_SIZE) {
            throw damage(
                    Damage.TRUNCATED,
                    at,
                    "the record declares a body of " + length + " bytes but only " + (remaining - LogFormat.FRAME_SIZE)
                            + " remain in the file");
        }
        if (rec.length < LogFormat.FRAME_SIZE + length) { // bounded by the file's size, checked above
            byte[] bigger =
                    new byte[Math.max(LogFormat.FRAME_SIZE + length, Math.min(rec.length * 2, LogFormat.MAX_BODY + 8))];
            System.arraycopy(rec, 0, bigger, 0, LogFormat.FRAME_SIZE);
            rec = bigger;
        }
        read(at + LogFormat.FRAME_SIZE, rec, LogFormat.FRAME_SIZE, length);
        int stored = (int) LogFormat.INT.get(rec, 4);
        int computed = LogFormat.recordCrc(crc, rec, 0, length, prevCrc);
        LogFormat.INT.set(rec, 4, stored);
        if (stored != computed) {
            throw damage(
                    Damage.CORRUPT_RECORD,
                    at,
                    "the record fails its CRC32C check (stored " + hex(stored) + ", computed " + hex(computed) + ")");
        }
        bodyLength = length;
        int t = rec[LogFormat.FRAME_SIZE];
        switch (t) {
            case LogFormat.DATA -> parseData();
            case LogFormat.SOURCE -> parseDeclaration(sources, "source");
            case LogFormat.CODEC -> parseDeclaration(codecNames, "codec");
            case LogFormat.END -> parseEnd();
            default -> throw damage(Damage.BAD_RECORD, at, "unknown record type " + t);
        }
        type = t; // every check passed: commit
        crcBefore = prevCrc;
        prevCrc = stored;
        position = at + LogFormat.FRAME_SIZE + length;
        if (t == LogFormat.END) {
            ended = true;
            if (position != size) {
                throw damage(
                        Damage.TRAILING_DATA,
                        position,
                        (size - position) + " bytes follow the end record (which starts at offset " + at + ")");
            }
        }
        return t;
    }

    private int bodyEnd() {
        return LogFormat.FRAME_SIZE + bodyLength;
    }

    private void parseData() {
        cur = LogFormat.FRAME_SIZE + 1;
        long delta = varLong(10, "time delta");
        long sid = varLong(5, "source id");
        long cid = varLong(5, "codec id");
        if (sid >= sources.size()) {
            throw damage(
                    Damage.BAD_RECORD,
                    recordOffset,
                    "the data record refers to source #" + sid + ", but only " + sources.size()
                            + " sources are declared before it");
        }
        if (cid >= codecNames.size()) {
            throw damage(
                    Damage.BAD_RECORD,
                    recordOffset,
                    "the data record refers to codec #" + cid + ", but only " + codecNames.size()
                            + " codecs are declared before it");
        }
        long room = ~(lastTime ^ Long.MIN_VALUE); // unsigned distance from lastTime to Long.MAX_VALUE
        if (Long.compareUnsigned(delta, room) > 0) {
            throw damage(
                    Damage.BAD_RECORD,
                    recordOffset,
                    "the time delta " + Long.toUnsignedString(delta) + " takes logical time past Long.MAX_VALUE from "
                            + lastTime);
        }
        time = lastTime + delta;
        lastTime = time;
        sourceId = (int) sid;
        codecId = (int) cid;
        payloadStart = cur;
        payloadEnd = bodyEnd();
        dataRecords++;
    }

    private void parseDeclaration(List<String> names, String what) {
        cur = LogFormat.FRAME_SIZE + 1;
        long id = varLong(5, what + " id");
        if (id != names.size()) {
            throw damage(
                    Damage.BAD_RECORD,
                    recordOffset,
                    "the " + what + " declaration has id " + id + ", expected " + names.size()
                            + " (ids are given in order)");
        }
        int n = bodyEnd() - cur;
        if (n < 1 || n > LogFormat.MAX_NAME_BYTES) {
            throw damage(
                    Damage.BAD_RECORD,
                    recordOffset,
                    "the " + what + " name is " + n + " bytes; names are 1 to " + LogFormat.MAX_NAME_BYTES);
        }
        String name;
        try {
            name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(rec, cur, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw damage(Damage.BAD_RECORD, recordOffset, "the " + what + " name is not valid UTF-8");
        }
        if (names.contains(name)) {
            throw damage(Damage.BAD_RECORD, recordOffset, "the " + what + " '" + name + "' is declared twice");
        }
        names.add(name);
    }

    private void parseEnd() {
        if (bodyLength != LogFormat.END_BODY_SIZE) {
            throw damage(
                    Damage.BAD_RECORD,
                    recordOffset,
                    "the end record's body is " + bodyLength + " bytes, expected " + LogFormat.END_BODY_SIZE);
        }
        int p = LogFormat.FRAME_SIZE;
        long count = (long) LogFormat.LONG.get(rec, p + 1);
        int flags = rec[p + 9] & 0xFF;
        long dropped = (long) LogFormat.LONG.get(rec, p + 10);
        long damageOffset = (long) LogFormat.LONG.get(rec, p + 18);
        int code = rec[p + 26] & 0xFF;
        if (count != dataRecords) {
            throw damage(
                    Damage.BAD_RECORD,
                    recordOffset,
                    "the end record counts " + count + " data records, the log holds " + dataRecords);
        }
        if ((flags & ~LogFormat.END_FLAG_RECOVERED) != 0) {
            throw damage(Damage.BAD_RECORD, recordOffset, "the end record sets unknown flags " + hex(flags));
        }
        Damage d = null;
        if (flags == LogFormat.END_FLAG_RECOVERED) {
            d = Damage.ofCode(code);
            if (d == null || dropped < 0 || damageOffset < 0) {
                throw damage(
                        Damage.BAD_RECORD,
                        recordOffset,
                        "the end record's recovery note is invalid (damage code " + code + ", dropped " + dropped
                                + ", offset " + damageOffset + ")");
            }
        } else if (dropped != 0 || damageOffset != 0 || code != 0) {
            throw damage(Damage.BAD_RECORD, recordOffset, "the end record has a recovery note but no recovered flag");
        }
        endFlags = flags;
        endDroppedBytes = dropped;
        endDamageOffset = damageOffset;
        endDamage = d;
    }

    /** An unsigned LEB128 varint of at most {@code maxBytes} bytes inside the body. */
    private long varLong(int maxBytes, String what) {
        int end = bodyEnd();
        long v = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (cur >= end) {
                throw damage(Damage.BAD_RECORD, recordOffset, "the " + what + " runs past the record's end");
            }
            byte b = rec[cur++];
            if (i == 9 && (b & 0xFE) != 0) {
                throw damage(Damage.BAD_RECORD, recordOffset, "the " + what + " overflows 64 bits");
            }
            v |= (long) (b & 0x7F) << (7 * i);
            if (b >= 0) {
                return v;
            }
        }
        throw damage(Damage.BAD_RECORD, recordOffset, "the " + what + " is longer than " + maxBytes + " bytes");
    }

    /** The summary of a log read to its end record. */
    LogSummary summary() {
        LogSummary.Recovery recovery = (endFlags & LogFormat.END_FLAG_RECOVERED) != 0
                ? new LogSummary.Recovery(endDroppedBytes, endDamage, endDamageOffset)
                : null;
        return new LogSummary(path, dataRecords, size, sources, codecNames, recovery);
    }

    // ---- reading ----

    /** Reads exactly {@code len} bytes at {@code offset}; the file ending first is TRUNCATED (it shrank). */
    private void read(long offset, byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            long inAhead = offset - aheadStart;
            if (inAhead >= 0 && inAhead < aheadLength) {
                int k = (int) Math.min(len, aheadLength - inAhead);
                System.arraycopy(ahead, (int) inAhead, dst, off, k);
                offset += k;
                off += k;
                len -= k;
            } else if (len >= ahead.length) {
                int k = readChannel(offset, dst, off, len);
                offset += k;
                off += k;
                len -= k;
            } else {
                aheadStart = offset;
                aheadLength = 0;
                aheadLength = readChannel(offset, ahead, 0, ahead.length);
            }
        }
    }

    /** Reads up to {@code len} bytes (fewer only at the end of the file); at least 1. */
    private int readChannel(long offset, byte[] dst, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
        while (bb.hasRemaining()) {
            int k = ch.read(bb, offset + bb.position() - off);
            if (k < 0) {
                break;
            }
        }
        int got = bb.position() - off;
        if (got == 0) {
            throw damage(
                    Damage.TRUNCATED,
                    recordOffset,
                    "the file shrank to below offset " + offset + " while it was read (it was " + size
                            + " bytes when opened)");
        }
        return got;
    }

    @Override
    public void close() {
        closeQuietly(ch);
    }
}
