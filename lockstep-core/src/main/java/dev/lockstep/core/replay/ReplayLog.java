package dev.lockstep.core.replay;

import dev.lockstep.core.time.ClockReading;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The replay log's entry points: record a run, replay it, recover a damaged log. The guide is
 * docs/core/replay.md (API, byte format, durability, damage, recovery, use by sync, patch and flow).
 *
 * <pre>{@code
 * try (ReplayRecorder r = ReplayLog.record(path, Durability.everyMillis(10))) {   // record a run
 *     r.append(instant, "button", 1L);
 * }
 * ReplayLog.replay(path, CodecRegistry.defaults(), rec -> machine.input(rec.logicalTime(), rec.value()));
 * }</pre>
 *
 * <p>A damaged log is never replayed silently: {@link #replay}, {@link #readAll}, {@link #cursor}
 * and {@link #clockReadings} verify the whole log (every record's checksum and structure, every
 * payload decoded) before they deliver anything, and throw {@link ReplayDamageException} naming
 * the file, byte offset and cause. Only the streaming {@link #open} reader delivers records that
 * precede damage, and it says so. Recovery is explicit: {@link #recover(Path)}.
 */
public final class ReplayLog {
    private ReplayLog() {}

    private static final System.Logger LOG = System.getLogger(ReplayLog.class.getName());

    // ---- recording ----

    /** Options for a new log at {@code path}: durability, clock, codecs, replacing a file. */
    public static ReplayRecorder.Builder recorder(Path path) {
        return new ReplayRecorder.Builder(path);
    }

    /**
     * Creates a log at {@code path} (which must not exist) with the default codecs and the system
     * clock. Close the recorder to write the end record.
     */
    public static ReplayRecorder record(Path path, Durability durability) {
        return recorder(path).durability(durability).open();
    }

    /**
     * Records one run: opens the log, runs {@code run} with the recorder, closes the log (also if
     * {@code run} throws; the log is then complete up to the failure). Returns the data records
     * appended.
     */
    public static long record(Path path, Durability durability, Consumer<ReplayRecorder> run) {
        try (ReplayRecorder r = record(path, durability)) {
            run.accept(r);
            return r.records();
        }
    }

    // ---- reading ----

    /** A streaming reader with the default codecs; see {@link ReplayReader} for how it reports damage. */
    public static ReplayReader open(Path path) {
        return open(path, CodecRegistry.defaults());
    }

    /** A streaming reader decoding with {@code codecs}; see {@link ReplayReader} for how it reports damage. */
    public static ReplayReader open(Path path, CodecRegistry codecs) {
        return ReplayReader.open(path, codecs);
    }

    /**
     * Reads the whole log, checking every record and decoding every payload, and returns what it
     * holds.
     *
     * @throws ReplayDamageException at the first damage
     */
    public static LogSummary verify(Path path, CodecRegistry codecs) {
        try (ReplayReader r = open(path, codecs)) {
            while (r.hasNext()) {
                r.next();
            }
            return r.summary();
        }
    }

    /** {@link #verify(Path, CodecRegistry)} with the default codecs. */
    public static LogSummary verify(Path path) {
        return verify(path, CodecRegistry.defaults());
    }

    /**
     * Replays a log: verifies all of it, then hands each record, in order, to {@code consumer}.
     * A damaged log delivers nothing. A log closed by recovery is replayed (recovery was an
     * explicit choice) with a warning logged; its summary says what was dropped.
     *
     * @return the verified log's summary
     * @throws ReplayDamageException if the log is damaged (before any record is delivered)
     */
    public static LogSummary replay(Path path, CodecRegistry codecs, Consumer<? super ReplayRecord> consumer) {
        LogSummary summary = verifyForReplay(path, codecs);
        try (ReplayReader r = open(path, codecs)) {
            while (r.hasNext()) {
                consumer.accept(r.next());
            }
        }
        return summary;
    }

    /** {@link #replay(Path, CodecRegistry, Consumer)} with the default codecs. */
    public static LogSummary replay(Path path, Consumer<? super ReplayRecord> consumer) {
        return replay(path, CodecRegistry.defaults(), consumer);
    }

    /**
     * Every record, in order, in memory; only if the whole log is undamaged.
     *
     * @throws ReplayDamageException if the log is damaged
     */
    public static List<ReplayRecord> readAll(Path path, CodecRegistry codecs) {
        List<ReplayRecord> all = new ArrayList<>();
        try (ReplayReader r = open(path, codecs)) {
            while (r.hasNext()) {
                all.add(r.next());
            }
            warnIfRecovered(r.summary());
        }
        return all;
    }

    /** {@link #readAll(Path, CodecRegistry)} with the default codecs. */
    public static List<ReplayRecord> readAll(Path path) {
        return readAll(path, CodecRegistry.defaults());
    }

    /**
     * A cursor handing out the records one logical time at a time, for a replayed run; the log is
     * verified first. Close it.
     *
     * @throws ReplayDamageException if the log is damaged (before the cursor exists)
     */
    public static ReplayCursor cursor(Path path, CodecRegistry codecs) {
        LogSummary summary = verifyForReplay(path, codecs);
        return new ReplayCursor(open(path, codecs), summary);
    }

    /** {@link #cursor(Path, CodecRegistry)} with the default codecs. */
    public static ReplayCursor cursor(Path path) {
        return cursor(path, CodecRegistry.defaults());
    }

    /**
     * The clock readings recorded from {@code source} (by {@link ReplayRecorder#clockListener}),
     * in order, for a {@link dev.lockstep.core.time.ReplayClock}; the log is verified first.
     *
     * @throws ReplayDivergenceException if a record from {@code source} is not a clock reading
     */
    public static List<ClockReading> clockReadings(Path path, String source) {
        List<ClockReading> readings = new ArrayList<>();
        for (ReplayRecord r : readAll(path, CodecRegistry.defaults())) {
            if (r.source().equals(source)) {
                readings.add(r.value(ClockReading.class));
            }
        }
        return readings;
    }

    private static LogSummary verifyForReplay(Path path, CodecRegistry codecs) {
        LogSummary s = verify(path, codecs);
        warnIfRecovered(s);
        return s;
    }

    private static void warnIfRecovered(LogSummary s) {
        if (s.recovered()) {
            LogSummary.Recovery r = s.recovery();
            LOG.log(
                    System.Logger.Level.WARNING,
                    "replaying recovered replay log {0}: recovery dropped {1} bytes after damage ({2}) at byte offset {3}",
                    s.path(),
                    r.droppedBytes(),
                    r.damage(),
                    r.damageOffset());
        }
    }

    // ---- recovery ----

    /**
     * Recovers a damaged log in place: keeps every record up to the last good one, cuts the rest,
     * and closes the log with an end record marked as recovered (carrying what was dropped). An
     * undamaged log is left untouched. Checks structure only: codecs are not needed.
     *
     * @return what was found, kept and dropped
     * @throws ReplayDamageException if the header is damaged beyond a cut (wrong magic or version,
     *     corrupt header): the file may not be a log, so nothing is changed
     */
    public static RecoveryReport recover(Path path) {
        return Recovery.recover(path, null);
    }

    /**
     * Like {@link #recover(Path)}, but writes the recovered log to {@code target} (which must not
     * exist) and leaves {@code path} untouched. An undamaged log is copied as it is.
     */
    public static RecoveryReport recover(Path path, Path target) {
        if (target == null) {
            throw new IllegalArgumentException("recovery target is null; use recover(path) to recover in place");
        }
        return Recovery.recover(path, target);
    }

    /** What {@link #recover(Path)} would find, keep and drop, without writing anything (header damage included). */
    public static RecoveryReport diagnose(Path path) {
        return Recovery.diagnose(path);
    }
}
