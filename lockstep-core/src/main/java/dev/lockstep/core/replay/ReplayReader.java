package dev.lockstep.core.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams a log's data records in order, decoding each payload with the codec the log names.
 * Open with {@link ReplayLog#open(Path)}.
 *
 * <p><b>Streaming is honest about damage, not ahead of it.</b> The reader checks each record as
 * it reaches it, so on a damaged log it delivers the records before the damage and then throws
 * {@link ReplayDamageException} (from {@link #hasNext()} or {@link #next()}), and keeps throwing
 * it. A log that is still being written, or whose writer crashed, ends in {@link
 * Damage#MISSING_END} after its last whole record. Code that must not act on any record of a
 * damaged log uses {@link ReplayLog#replay}, {@link ReplayLog#cursor} or {@link
 * ReplayLog#readAll}, which verify the whole log before delivering anything.
 *
 * <p>The file is read as sized when opened. Single-threaded; close it (try-with-resources).
 */
public final class ReplayReader implements Iterable<ReplayRecord>, AutoCloseable {
    private final LogScanner scanner;
    private final CodecRegistry registry;
    private final List<Codec<?>> codecs = new ArrayList<>(); // by the log's codec id
    private final PayloadReader payload = new PayloadReader();
    private ReplayRecord next;
    private boolean atEnd;
    private ReplayException failed; // rethrown by every later call
    private LogSummary summary;
    private boolean iterated;

    private ReplayReader(LogScanner scanner, CodecRegistry registry) {
        this.scanner = scanner;
        this.registry = registry;
    }

    static ReplayReader open(Path path, CodecRegistry registry) {
        if (registry == null) {
            throw new IllegalArgumentException("codec registry is null");
        }
        return new ReplayReader(LogScanner.open(path), registry);
    }

    /**
     * Whether another data record follows.
     *
     * @throws ReplayDamageException if the log is damaged before the next data record or its end
     */
    public boolean hasNext() {
        if (next == null && !atEnd) {
            if (failed != null) {
                throw failed;
            }
            try {
                next = advance();
            } catch (ReplayException e) {
                failed = e;
                throw e;
            }
            atEnd = next == null;
        }
        return next != null;
    }

    /**
     * The next data record.
     *
     * @throws NoSuchElementException after the end record
     * @throws ReplayDamageException if the log is damaged before the next data record
     */
    public ReplayRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("replay log " + scanner.path + ": no record after the end record");
        }
        ReplayRecord r = next;
        next = null;
        return r;
    }

    private ReplayRecord advance() {
        while (true) {
            switch (scanner.next()) {
                case LogFormat.DATA -> {
                    return decode();
                }
                case LogFormat.CODEC -> {
                    String name = scanner.codecNames.getLast();
                    Codec<?> c = registry.byName(name);
                    if (c == null) {
                        throw scanner.damage(
                                Damage.UNKNOWN_CODEC,
                                scanner.recordOffset,
                                "the log uses codec '" + name
                                        + "', which the reader's " + registry + " does not have; register it with"
                                        + " CodecRegistry.with");
                    }
                    codecs.add(c);
                }
                case LogFormat.END -> {
                    summary = scanner.summary();
                    return null;
                }
                default -> {} // a source declaration: the scanner keeps the name
            }
        }
    }

    private ReplayRecord decode() {
        Codec<?> c = codecs.get(scanner.codecId);
        String source = scanner.sources.get(scanner.sourceId);
        int n = scanner.payloadEnd - scanner.payloadStart;
        payload.reset(scanner.rec, scanner.payloadStart, scanner.payloadEnd);
        Object v;
        try {
            v = c.decode(payload);
        } catch (RuntimeException e) {
            throw new ReplayDamageException(
                    scanner.path,
                    scanner.recordOffset,
                    Damage.BAD_PAYLOAD,
                    "codec '" + c.name() + "' could not decode the " + n + "-byte payload from source '" + source
                            + "': " + e.getMessage(),
                    e);
        }
        if (v == null || payload.remaining() != 0) {
            throw scanner.damage(
                    Damage.BAD_PAYLOAD,
                    scanner.recordOffset,
                    "codec '" + c.name() + "' "
                            + (v == null
                                    ? "decoded null"
                                    : "left " + payload.remaining() + " of " + n + " payload bytes unread")
                            + " (source '" + source + "')");
        }
        return new ReplayRecord(scanner.recordOffset, scanner.time, source, c.name(), v);
    }

    /** The records, once; the iterator's methods throw what {@link #hasNext()} and {@link #next()} throw. */
    @Override
    public Iterator<ReplayRecord> iterator() {
        if (iterated) {
            throw new IllegalStateException("replay log " + scanner.path + ": a reader iterates once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ReplayReader.this.hasNext();
            }

            @Override
            public ReplayRecord next() {
                return ReplayReader.this.next();
            }
        };
    }

    /** The records as a sequential stream (once); damage surfaces as the exception from the terminal operation. */
    public Stream<ReplayRecord> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * What the log held; available once {@link #hasNext()} returned false.
     *
     * @throws IllegalStateException before the end record was read
     */
    public LogSummary summary() {
        if (summary == null) {
            throw new IllegalStateException(
                    "replay log " + scanner.path + ": the summary is known only after the end record was read");
        }
        return summary;
    }

    /** The file. */
    public Path path() {
        return scanner.path;
    }

    @Override
    public void close() {
        scanner.close();
    }
}
