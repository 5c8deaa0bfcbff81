package dev.lockstep.core.replay;

import dev.lockstep.core.internal.BackgroundFlusher;
import dev.lockstep.core.time.Clock;
import dev.lockstep.core.time.ClockReading;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;

/**
 * Writes one replay log: records of (logical time, source, value), appended in order, flushed
 * under a {@link Durability} policy, closed with an end record. Open one with {@link
 * ReplayLog#record(Path, Durability)} or {@link ReplayLog#recorder(Path)}.
 *
 * <pre>{@code
 * try (ReplayRecorder r = ReplayLog.record(path, Durability.everyMillis(10))) {
 *     r.append(instant, "input", 42L);
 * }
 * }</pre>
 *
 * <h2>Overview</h2>
 *
 * <p><b>What it owns.</b> The file's channel; a batch buffer ({@link PayloadWriter}) into which
 * {@code append} frames records (declarations of new sources and codecs first, then the data
 * record; docs/core/replay.md, "Byte format"); a spare buffer that the flushing thread writes out
 * while appends fill the other; the CRC chain (each record's CRC covers the previous one's); the
 * source and codec ids given out in this log.
 *
 * <p><b>Invariants.</b> (1) Logical time never decreases within a log: an append with an earlier
 * time than the last is refused before anything is written (test {@code
 * logicalTimeNeverDecreases}). (2) The file is a prefix of the log at all times: bytes reach the
 * channel only by {@link #drain}, in buffer order, one batch at a time, so a crash leaves a
 * readable prefix that {@link ReplayLog#recover} can close (test {@code
 * everyFlushLeavesAReadablePrefix}). (3) After {@code append} returns under {@link
 * Durability#eachRecord()}, the record is flushed (test {@code eachRecordIsOnDiskWhenAppendReturns}).
 * (4) A record is never half in the batch: its frame is completed, or the buffer position, the
 * chain and the ids are rolled back to before it and the declarations it made, before the append
 * lock is released (test {@code rejectedValuesLeaveTheLogValid}).
 *
 * <p><b>Locks and races.</b> Two locks, always taken in the order {@code ioLock} then {@code
 * appendLock}. {@code appendLock} guards the batch buffer, the chain and the ids, and is held
 * only while a record is encoded (no I/O under it). {@code ioLock} guards the channel and the
 * spare buffer: {@link #drain} takes it, swaps the batch with the spare under a brief {@code
 * appendLock}, then writes and forces outside {@code appendLock}, so appends continue while the
 * disk works. Two drains (an appender's and the background flusher's) serialise on {@code ioLock};
 * the second finds what the first left. An appender under {@code eachRecord} whose record was
 * swapped out by another thread's drain still waits on {@code ioLock} until that drain has
 * forced, so invariant 3 holds however the drains interleave. {@code close} marks the recorder
 * closed under {@code appendLock}, so an append either completes before the end record or throws.
 *
 * <p><b>Time.</b> The {@code everyMillis} deadline is read from the injected {@link Clock} (this
 * package never reads the machine's clock). The background flusher ({@code
 * dev.lockstep.core.internal.BackgroundFlusher}) only wakes the recorder at the deadline that
 * clock predicts; with a {@link dev.lockstep.core.time.VirtualClock} nothing is due until the
 * test advances it, and {@link #flushIfDue()} triggers the same check deterministically.
 *
 * <p>Thread safety: every method may be called from any thread; records from concurrent appends
 * are logged in the order the append lock admitted them. An interrupt while a thread writes
 * closes the channel (NIO's rule): the recorder then fails and reports it.
 */
public final class ReplayRecorder implements AutoCloseable {
    /** The batch is written to the channel (not forced) when it holds this many bytes. */
    static final int BATCH_BYTES = 64 * 1024;

    private static final int NONE = 0;
    private static final int WRITE = 1;
    private static final int FLUSH = 2;

    /** {@link #dueInNanos()} once the recorder is closed or failed. */
    private static final long STOPPED = Long.MIN_VALUE;

    private final Path path;
    private final FileChannel channel;
    private final Durability durability;
    private final long intervalNanos;
    private final Clock clock;
    private final CodecRegistry codecs;
    private final BackgroundFlusher.Handle flusher; // null unless everyMillis with a background flusher

    // ---- guarded by appendLock ----
    private final ReentrantLock appendLock = new ReentrantLock();
    private final PayloadWriter out = new PayloadWriter(BATCH_BYTES + 4096);
    private final CRC32C crc = new CRC32C();
    private int prevCrc;
    private long lastTime = LogFormat.TIME_BASE;
    private String lastSource;
    private long records;
    private final LinkedHashMap<String, Integer> sourceIds = new LinkedHashMap<>();
    private final LinkedHashMap<String, Integer> codecIds = new LinkedHashMap<>();
    private final List<Codec<?>> codecsById = new ArrayList<>();
    private final LinkedHashMap<Class<?>, Codec<?>> codecByClass = new LinkedHashMap<>();
    private String cachedSource; // last source appended, compared by identity first
    private int cachedSourceId;
    private Class<?> cachedClass; // last value class and its codec: skips the map on repeated types
    private Codec<?> cachedClassCodec;
    private Codec<?> cachedCodec; // last codec and its id in this log
    private int cachedCodecId;
    private boolean hasUnflushed; // a record was appended since the last flush's swap
    private long firstUnflushedNanos; // clock reading when that record was appended
    private boolean closed;

    // ---- guarded by ioLock ----
    private final ReentrantLock ioLock = new ReentrantLock();
    private byte[] spare = new byte[BATCH_BYTES + 4096];
    private boolean channelClosed;
    private volatile long bytesWritten; // written under ioLock, read anywhere
    private volatile long bytesFlushed; // written under ioLock
    private volatile long flushes; // written under ioLock

    private volatile ReplayException failure; // the first I/O failure; the recorder refuses work after it

    private ReplayRecorder(Builder b, FileChannel channel) throws IOException {
        this.path = b.path;
        this.channel = channel;
        this.durability = b.durability;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(b.durability.millis);
        this.clock = b.clock;
        this.codecs = b.codecs;
        byte[] header = new byte[LogFormat.HEADER_SIZE];
        prevCrc = LogFormat.writeHeader(header); // the chain starts at the header's CRC
        writeFully(header, header.length);
        bytesWritten = header.length;
        if (durability.kind != Durability.Kind.ON_CLOSE) {
            channel.force(false);
            bytesFlushed = header.length;
            flushes = 1;
            forceDirectory(path);
        }
        this.flusher = durability.kind == Durability.Kind.EVERY_MILLIS && b.backgroundFlush
                ? BackgroundFlusher.start(this::backgroundRun, intervalNanos)
                : null;
    }

    static ReplayRecorder open(Builder b) {
        FileChannel ch = null;
        try {
            ch = b.replaceExisting
                    ? FileChannel.open(
                            b.path,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING)
                    : FileChannel.open(b.path, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            return new ReplayRecorder(b, ch);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new ReplayException("replay log " + b.path + ": cannot create: " + e, e);
        }
    }

    /** Best effort: makes the new file's directory entry durable (works on Linux; ignored where unsupported). */
    private static void forceDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException unsupported) {
            // directories cannot be opened or forced on every platform; the data itself is forced
        }
    }

    // ---- appending ----

    /**
     * Appends {@code value} from {@code source} at {@code logicalTime}, encoded by the registry's
     * codec for the value's class (see {@link CodecRegistry}).
     *
     * @throws IllegalArgumentException if {@code logicalTime} is before the last record's (the
     *     message names both sources and times), the registry has no codec for the value, the
     *     codec fails, or the record exceeds the format's maximum size
     * @throws IllegalStateException if the recorder is closed
     * @throws ReplayException if writing failed, now or earlier
     */
    public void append(long logicalTime, String source, Object value) {
        if (value == null) {
            throw new NullPointerException(
                    "replay log " + path + ": null value from source '" + source + "' at time " + logicalTime);
        }
        int action;
        appendLock.lock();
        try {
            checkOpen(logicalTime, source);
            action = appendLocked(logicalTime, source, value, codecOf(value.getClass()));
        } finally {
            appendLock.unlock();
        }
        if (action != NONE) {
            drain(action == FLUSH);
        }
    }

    /** Like {@link #append(long, String, Object)} with the codec given (it need not be in the registry). */
    public <T> void append(long logicalTime, String source, T value, Codec<? super T> codec) {
        if (value == null || codec == null) {
            throw new NullPointerException(
                    "replay log " + path + ": null value or codec from source '" + source + "' at time " + logicalTime);
        }
        int action;
        appendLock.lock();
        try {
            checkOpen(logicalTime, source);
            action = appendLocked(logicalTime, source, value, codec);
        } finally {
            appendLock.unlock();
        }
        if (action != NONE) {
            drain(action == FLUSH);
        }
    }

    /**
     * A listener for a {@link dev.lockstep.core.time.RecordingClock} that appends each reading
     * (codec {@code clock-reading}) from {@code source} at the logical time {@code logicalTime}
     * gives at that moment; {@link ReplayLog#clockReadings} reads them back for a {@link
     * dev.lockstep.core.time.ReplayClock}. Do not make this recorder's own clock a recording clock
     * that feeds it.
     */
    public ClockReading.Listener clockListener(String source, LongSupplier logicalTime) {
        Codecs.checkName(source, "source name");
        return (kind, value) ->
                append(logicalTime.getAsLong(), source, new ClockReading(kind, value), Codecs.CLOCK_READING);
    }

    private void checkOpen(long logicalTime, String source) {
        if (closed) {
            throw new IllegalStateException("replay log " + path + " is closed: cannot append from source '" + source
                    + "' at time " + logicalTime);
        }
        ReplayException f = failure;
        if (f != null) {
            throw new ReplayException(
                    "replay log " + path + " failed earlier and accepts no more records: " + f.getMessage(), f);
        }
    }

    private Codec<?> codecOf(Class<?> type) {
        if (type == cachedClass) {
            return cachedClassCodec;
        }
        Codec<?> c = codecByClass.get(type);
        if (c == null) {
            c = codecs.forType(type);
            if (c == null) {
                throw new IllegalArgumentException("replay log " + path + ": no codec for type " + type.getName()
                        + " in " + codecs + "; register one or pass a codec to append");
            }
            codecByClass.put(type, c);
        }
        cachedClass = type;
        cachedClassCodec = c;
        return c;
    }

    /** Frames one data record (after any declarations it needs); returns what the policy asks for. */
    private int appendLocked(long time, String source, Object value, Codec<?> codec) {
        if (time < lastTime) { // logicalTimeNeverDecreases
            throw new IllegalArgumentException("replay log " + path + ": source '" + source + "' appended logical time "
                    + time + " after time " + lastTime + " from source '" + lastSource
                    + "'; logical time must not decrease within a log");
        }
        int mark = out.pos;
        int crcMark = prevCrc;
        int sourcesBefore = sourceIds.size();
        int codecsBefore = codecIds.size();
        try {
            frameData(time, source, value, codec);
        } catch (RuntimeException e) { // invariant 4: nothing of a refused record stays, declarations included
            out.pos = mark;
            out.recordStart = mark;
            prevCrc = crcMark;
            if (sourceIds.size() > sourcesBefore) {
                sourceIds.remove(source);
                cachedSource = null;
            }
            if (codecIds.size() > codecsBefore) {
                codecIds.remove(codec.name());
                codecsById.removeLast();
                cachedCodec = null;
            }
            throw e;
        }
        lastTime = time;
        lastSource = source;
        records++;
        return policyAction();
    }

    /** Frames the declarations a record needs, then the record; rolled back by the caller if it throws. */
    @SuppressWarnings("unchecked")
    private void frameData(long time, String source, Object value, Codec<?> codec) {
        int sourceId = source == cachedSource ? cachedSourceId : sourceId(source);
        int codecId = codec == cachedCodec ? cachedCodecId : codecId(codec);
        int start = out.pos;
        out.recordStart = start;
        out.ensure(LogFormat.FRAME_SIZE + LogFormat.MAX_DATA_HEADER);
        byte[] b = out.buf;
        int p = start + LogFormat.FRAME_SIZE;
        b[p++] = LogFormat.DATA;
        p = LogFormat.putVarLong(b, p, time - lastTime); // unsigned delta: the first from TIME_BASE
        p = LogFormat.putVarLong(b, p, sourceId);
        p = LogFormat.putVarLong(b, p, codecId);
        out.pos = p;
        try {
            ((Codec<Object>) codec).encode(value, out);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "replay log " + path + ": codec '" + codec.name() + "' could not encode the value from source '"
                            + source + "' at time " + time + ": " + e.getMessage(),
                    e);
        }
        seal(start);
    }

    /** Fills in the frame of the record at {@code start} whose body ends at the buffer position. */
    private void seal(int start) {
        byte[] b = out.buf; // the buffer may have grown while the body was written
        int bodyLength = out.pos - start - LogFormat.FRAME_SIZE;
        LogFormat.INT.set(b, start, LogFormat.lengthWord(bodyLength));
        int c = LogFormat.recordCrc(crc, b, start, bodyLength, prevCrc);
        LogFormat.INT.set(b, start + 4, c);
        prevCrc = c;
    }

    private int sourceId(String source) {
        Integer id = sourceIds.get(source);
        if (id == null) {
            id = sourceIds.size();
            declare(LogFormat.SOURCE, id, Codecs.checkName(source, "source name"));
            sourceIds.put(source, id);
        }
        cachedSource = source;
        cachedSourceId = id;
        return id;
    }

    private int codecId(Codec<?> codec) {
        Integer id = codecIds.get(codec.name());
        if (id == null) {
            id = codecIds.size();
            declare(LogFormat.CODEC, id, Codecs.checkName(codec.name(), "codec name"));
            codecIds.put(codec.name(), id);
            codecsById.add(codec);
        } else if (codecsById.get(id) != codec) {
            throw new IllegalArgumentException("replay log " + path + ": codec name '" + codec.name()
                    + "' is already used in this log by another codec (" + codecsById.get(id) + ", now " + codec + ")");
        }
        cachedCodec = codec;
        cachedCodecId = id;
        return id;
    }

    private void declare(byte type, int id, byte[] name) {
        int start = out.pos;
        out.recordStart = start;
        out.ensure(LogFormat.FRAME_SIZE + 1 + 5 + name.length);
        byte[] b = out.buf;
        int p = start + LogFormat.FRAME_SIZE;
        b[p++] = type;
        p = LogFormat.putVarLong(b, p, id);
        System.arraycopy(name, 0, b, p, name.length);
        out.pos = p + name.length;
        seal(start);
    }

    private int policyAction() {
        switch (durability.kind) {
            case EACH_RECORD -> {
                return FLUSH;
            }
            case EVERY_MILLIS -> {
                long now = clock.nanoTime();
                if (!hasUnflushed) {
                    hasUnflushed = true;
                    firstUnflushedNanos = now;
                } else if (now - firstUnflushedNanos >= intervalNanos) {
                    return FLUSH; // the oldest unflushed record reached its deadline
                }
            }
            case ON_CLOSE -> {}
        }
        return out.pos >= BATCH_BYTES ? WRITE : NONE;
    }

    // ---- flushing ----

    /**
     * Writes everything appended so far and forces it to the device, whatever the policy.
     *
     * @throws ReplayException if writing fails
     */
    public void flush() {
        if (failure != null) {
            throw failure;
        }
        drain(true);
    }

    /**
     * Under {@link Durability#everyMillis}: flushes if the oldest unflushed record is at least the
     * interval old by the recorder's clock; the background flusher calls the same check. Lets a
     * caller (or a test with a {@link dev.lockstep.core.time.VirtualClock}) drive the deadline
     * itself. Returns whether it flushed; always false under the other policies or once closed.
     */
    public boolean flushIfDue() {
        if (durability.kind != Durability.Kind.EVERY_MILLIS) {
            return false;
        }
        long due = dueInNanos();
        if (due == STOPPED || due > 0) {
            return false;
        }
        drain(true);
        return true;
    }

    /** Nanos until the flush deadline (at most 0 when due); Long.MAX_VALUE when nothing waits; STOPPED once closed or failed. */
    private long dueInNanos() {
        appendLock.lock();
        try {
            if (closed || failure != null) {
                return STOPPED;
            }
            if (!hasUnflushed) {
                return Long.MAX_VALUE;
            }
            return firstUnflushedNanos + intervalNanos - clock.nanoTime();
        } finally {
            appendLock.unlock();
        }
    }

    /** One run of the background flusher: flush if due; answer when to run next (negative: stop). */
    private long backgroundRun() {
        long due = dueInNanos();
        if (due == STOPPED) {
            return -1;
        }
        if (due > 0) {
            return Math.min(due, intervalNanos);
        }
        try {
            drain(true);
        } catch (ReplayException e) {
            return -1; // kept in failure; the next append, flush or close reports it
        }
        return intervalNanos;
    }

    /**
     * Moves the batch to the channel, forcing it if {@code force}. The only path by which bytes
     * reach the file (invariant 2); see the class comment for the locking.
     */
    private void drain(boolean force) {
        ioLock.lock();
        try {
            if (channelClosed) { // close() drained everything; an append racing it learns whether that worked
                ReplayException f = failure;
                if (f != null) {
                    throw f;
                }
                return;
            }
            byte[] full;
            int n;
            appendLock.lock();
            try {
                full = out.buf;
                n = out.pos;
                if (n > 0) {
                    out.buf = spare; // appends continue into the spare while this batch is written
                    out.pos = 0;
                    out.recordStart = 0;
                }
                if (force) {
                    hasUnflushed = false; // everything appended so far is forced before this drain returns
                }
            } finally {
                appendLock.unlock();
            }
            if (n > 0) {
                writeFully(full, n);
                bytesWritten += n;
                spare = full.length > 4 * BATCH_BYTES
                        ? new byte[BATCH_BYTES + 4096]
                        : full; // drop a huge record's buffer
            }
            if (force && bytesFlushed < bytesWritten) {
                channel.force(false);
                bytesFlushed = bytesWritten;
                flushes++;
            }
        } catch (IOException e) {
            throw fail(e);
        } finally {
            ioLock.unlock();
        }
    }

    private void writeFully(byte[] b, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
    }

    private ReplayException fail(IOException e) {
        ReplayException f = new ReplayException("replay log " + path + ": write failed: " + e, e);
        if (failure == null) {
            failure = f;
        }
        return f;
    }

    /**
     * Writes the end record, flushes and closes the file. Idempotent.
     *
     * @throws ReplayException if writing failed now or earlier (the log then lacks its end record
     *     or more, and a reader will say so)
     */
    @Override
    public void close() {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            int start = out.pos;
            out.recordStart = start;
            out.ensure(LogFormat.FRAME_SIZE + LogFormat.END_BODY_SIZE);
            prevCrc = LogFormat.putEnd(out.buf, start, crc, prevCrc, records, 0, 0, 0, 0);
            out.pos = start + LogFormat.FRAME_SIZE + LogFormat.END_BODY_SIZE;
        } finally {
            appendLock.unlock();
        }
        if (flusher != null) {
            flusher.cancel();
        }
        ReplayException error = failure;
        if (error == null) {
            try {
                drain(true);
            } catch (ReplayException e) {
                error = e;
            }
        }
        ioLock.lock();
        try {
            channelClosed = true;
            channel.close();
        } catch (IOException e) {
            if (error == null) {
                error = new ReplayException("replay log " + path + ": close failed: " + e, e);
            }
        } finally {
            ioLock.unlock();
        }
        if (error != null) {
            throw error;
        }
    }

    // ---- state ----

    /** The file. */
    public Path path() {
        return path;
    }

    public Durability durability() {
        return durability;
    }

    /** Data records appended (declarations and the end record not counted). */
    public long records() {
        appendLock.lock();
        try {
            return records;
        } finally {
            appendLock.unlock();
        }
    }

    /** Bytes written to the channel so far (the header included). */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Bytes known to be flushed (written and forced; see {@link Durability}). */
    public long bytesFlushed() {
        return bytesFlushed;
    }

    /** How many times {@code force} was called. */
    public long flushes() {
        return flushes;
    }

    @Override
    public String toString() {
        return "ReplayRecorder[" + path + ", " + durability + "]";
    }

    /** Options for a new log; from {@link ReplayLog#recorder(Path)}. */
    public static final class Builder {
        private final Path path;
        private Durability durability = Durability.everyMillis(10);
        private Clock clock = Clock.system();
        private CodecRegistry codecs = CodecRegistry.defaults();
        private boolean replaceExisting;
        private boolean backgroundFlush = true;

        Builder(Path path) {
            if (path == null) {
                throw new IllegalArgumentException("a replay log needs a path");
            }
            this.path = path;
        }

        /** The flush policy; {@code Durability.everyMillis(10)} by default. */
        public Builder durability(Durability d) {
            if (d == null) {
                throw new IllegalArgumentException("durability is null");
            }
            durability = d;
            return this;
        }

        /** Where the {@code everyMillis} deadline is read; {@link Clock#system()} by default. */
        public Builder clock(Clock c) {
            if (c == null) {
                throw new IllegalArgumentException("clock is null");
            }
            clock = c;
            return this;
        }

        /** The codecs {@code append(time, source, value)} chooses from; {@link CodecRegistry#defaults()} by default. */
        public Builder codecs(CodecRegistry r) {
            if (r == null) {
                throw new IllegalArgumentException("codec registry is null");
            }
            codecs = r;
            return this;
        }

        /** Replace a file at the path; by default opening fails if the file exists. */
        public Builder replaceExisting(boolean replace) {
            replaceExisting = replace;
            return this;
        }

        /**
         * Whether a background thread enforces the {@code everyMillis} deadline when appends stop
         * (default true). Without it only appends and {@link ReplayRecorder#flushIfDue()} do.
         */
        public Builder backgroundFlush(boolean on) {
            backgroundFlush = on;
            return this;
        }

        /**
         * Creates the file and writes its header.
         *
         * @throws ReplayException if the file exists (unless replacing) or cannot be created
         */
        public ReplayRecorder open() {
            return ReplayRecorder.open(this);
        }
    }
}
