package dev.lockstep.core.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Hands a replayed run its recorded inputs one logical time at a time: lockstep-sync asks for
 * the inputs of each instant, lockstep-patch for the external inputs of each tick. From {@link
 * ReplayLog#cursor}, which verified the whole log first, so the run never starts on a damaged log.
 *
 * <pre>{@code
 * try (ReplayCursor inputs = ReplayLog.cursor(path, codecs)) {
 *     for (long instant = 0; inputs.hasNext(); instant++) {
 *         for (ReplayRecord r : inputs.recordsAt(instant)) machine.emit(r.source(), r.value());
 *         machine.react();
 *     }
 *     inputs.finish(); // every recorded input was used
 * }
 * }</pre>
 *
 * <p>The cursor guards the replay against divergence: asking for a time beyond records not yet
 * taken means the run skipped recorded inputs, and {@link #recordsAt} throws {@link
 * ReplayDivergenceException} naming them instead of dropping them. Single-threaded.
 */
public final class ReplayCursor implements AutoCloseable {
    private final ReplayReader reader;
    private final LogSummary summary;
    private ReplayRecord peeked;
    private long lastAsked = Long.MIN_VALUE;
    private boolean asked;

    ReplayCursor(ReplayReader reader, LogSummary summary) {
        this.reader = reader;
        this.summary = summary;
    }

    /** The verified log's summary. */
    public LogSummary summary() {
        return summary;
    }

    /** Whether records remain. */
    public boolean hasNext() {
        return peek() != null;
    }

    /**
     * The logical time of the next record.
     *
     * @throws NoSuchElementException if none remain
     */
    public long nextTime() {
        ReplayRecord r = peek();
        if (r == null) {
            throw new NoSuchElementException("replay log " + reader.path() + ": no records remain");
        }
        return r.logicalTime();
    }

    /**
     * The next record, whatever its time.
     *
     * @throws NoSuchElementException if none remain
     */
    public ReplayRecord next() {
        ReplayRecord r = peek();
        if (r == null) {
            throw new NoSuchElementException("replay log " + reader.path() + ": no records remain");
        }
        peeked = null;
        return r;
    }

    /**
     * Takes every record at {@code logicalTime}, in log order; empty if the next record is later.
     *
     * @throws ReplayDivergenceException if records before {@code logicalTime} were never taken
     * @throws IllegalArgumentException if {@code logicalTime} is before a time asked for earlier
     */
    public List<ReplayRecord> recordsAt(long logicalTime) {
        if (asked && logicalTime < lastAsked) {
            throw new IllegalArgumentException("replay log " + reader.path() + ": asked for time " + logicalTime
                    + " after time " + lastAsked + "; a cursor moves forward only");
        }
        asked = true;
        lastAsked = logicalTime;
        ReplayRecord r = peek();
        if (r != null && r.logicalTime() < logicalTime) {
            throw new ReplayDivergenceException("replay log " + reader.path() + ": the run asked for inputs at time "
                    + logicalTime + " but the recording holds an input at earlier time " + r.logicalTime()
                    + " that was never taken (source '" + r.source() + "', offset " + r.offset() + ")");
        }
        List<ReplayRecord> out = new ArrayList<>();
        while ((r = peek()) != null && r.logicalTime() == logicalTime) {
            out.add(r);
            peeked = null;
        }
        return out;
    }

    /**
     * Checks that the run used every recorded input.
     *
     * @throws ReplayDivergenceException naming the first record left
     */
    public void finish() {
        ReplayRecord r = peek();
        if (r != null) {
            throw new ReplayDivergenceException("replay log " + reader.path()
                    + ": the run finished but the recording holds more inputs, the first at time " + r.logicalTime()
                    + " (source '" + r.source() + "', offset " + r.offset() + ")");
        }
    }

    private ReplayRecord peek() {
        if (peeked == null && reader.hasNext()) {
            peeked = reader.next();
        }
        return peeked;
    }

    @Override
    public void close() {
        reader.close();
    }
}
