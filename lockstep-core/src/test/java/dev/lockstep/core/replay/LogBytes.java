package dev.lockstep.core.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Assembles log bytes by hand, with correct frames and CRC chain, so tests can build logs a
 * {@link ReplayRecorder} never writes (the BAD_RECORD cases) and find record boundaries.
 */
final class LogBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int chain;

    LogBytes() {
        byte[] h = new byte[LogFormat.HEADER_SIZE];
        chain = LogFormat.writeHeader(h);
        out.writeBytes(h);
    }

    /** Frames {@code body} as the next record. */
    LogBytes record(byte[] body) {
        byte[] r = new byte[LogFormat.FRAME_SIZE + body.length];
        System.arraycopy(body, 0, r, LogFormat.FRAME_SIZE, body.length);
        LogFormat.INT.set(r, 0, LogFormat.lengthWord(body.length));
        chain = LogFormat.recordCrc(new CRC32C(), r, 0, body.length, chain);
        LogFormat.INT.set(r, 4, chain);
        out.writeBytes(r);
        return this;
    }

    LogBytes source(long id, String name) {
        return declaration(LogFormat.SOURCE, id, name);
    }

    LogBytes codec(long id, String name) {
        return declaration(LogFormat.CODEC, id, name);
    }

    private LogBytes declaration(byte type, long id, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[1 + 10 + n.length];
        b[0] = type;
        int p = LogFormat.putVarLong(b, 1, id);
        System.arraycopy(n, 0, b, p, n.length);
        return record(java.util.Arrays.copyOf(b, p + n.length));
    }

    /** A data record; {@code delta} is the unsigned time delta (the first from Long.MIN_VALUE). */
    LogBytes data(long delta, long sourceId, long codecId, byte[] payload) {
        byte[] b = new byte[LogFormat.MAX_DATA_HEADER + payload.length];
        b[0] = LogFormat.DATA;
        int p = LogFormat.putVarLong(b, 1, delta);
        p = LogFormat.putVarLong(b, p, sourceId);
        p = LogFormat.putVarLong(b, p, codecId);
        System.arraycopy(payload, 0, b, p, payload.length);
        return record(java.util.Arrays.copyOf(b, p + payload.length));
    }

    /** A data record with a long payload. */
    LogBytes dataLong(long delta, long sourceId, long codecId, long value) {
        byte[] v = new byte[8];
        LogFormat.LONG.set(v, 0, value);
        return data(delta, sourceId, codecId, v);
    }

    LogBytes end(long count) {
        byte[] e = new byte[LogFormat.FRAME_SIZE + LogFormat.END_BODY_SIZE];
        chain = LogFormat.putEnd(e, 0, new CRC32C(), chain, count, 0, 0, 0, 0);
        out.writeBytes(e);
        return this;
    }

    LogBytes raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path write(Path file) {
        try {
            return Files.write(file, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Start offsets of the records of a valid log, and its size as the last element. */
    static List<Long> recordStarts(byte[] log) {
        List<Long> starts = new ArrayList<>();
        int p = LogFormat.HEADER_SIZE;
        while (p < log.length) {
            starts.add((long) p);
            int len = LogFormat.lengthOf((int) LogFormat.INT.get(log, p));
            if (len <= 0) {
                throw new IllegalArgumentException("not a valid log: bad length word at " + p);
            }
            p += LogFormat.FRAME_SIZE + len;
        }
        starts.add((long) log.length);
        return starts;
    }
}
