package dev.lockstep.core.replay;

/**
 * When a {@link ReplayRecorder} makes its records durable. "Flushed" means, here and everywhere
 * in the replay log: the bytes were written to the file's {@link java.nio.channels.FileChannel}
 * and {@link java.nio.channels.FileChannel#force(boolean) force(false)} returned, which on Linux
 * is {@code fdatasync}: the data and the file length are on the device (as far as the device
 * honours flushes), other metadata such as the modification time may not be.
 *
 * <p>Between flushes records wait in the recorder's batch buffer, which is written to the
 * channel (not forced) whenever it holds 64 KiB. Every policy flushes on {@link
 * ReplayRecorder#close()}, and {@link ReplayRecorder#flush()} flushes on demand.
 *
 * <ul>
 *   <li>{@link #eachRecord()}: {@code append} returns after its record is flushed. Slowest; a
 *       crash loses nothing that an append returned for.
 *   <li>{@link #everyMillis(long) everyMillis(n)}: a record is flushed at most {@code n} ms (read
 *       from the recorder's {@link dev.lockstep.core.time.Clock}) after it was appended, plus the
 *       time the flush itself takes: the append that finds the oldest unflushed record {@code n}
 *       ms old flushes, and when appends stop a background flusher wakes at the deadline and
 *       flushes. A crash loses at most the last {@code n} ms of records.
 *   <li>{@link #onClose()}: flushed only on close (and written when the batch buffer fills). A
 *       crash may lose every record since the last full buffer.
 * </ul>
 */
public final class Durability {
    private static final Durability EACH_RECORD = new Durability(Kind.EACH_RECORD, 0);
    private static final Durability ON_CLOSE = new Durability(Kind.ON_CLOSE, 0);

    enum Kind {
        EACH_RECORD,
        EVERY_MILLIS,
        ON_CLOSE
    }

    final Kind kind;
    final long millis;

    private Durability(Kind kind, long millis) {
        this.kind = kind;
        this.millis = millis;
    }

    /** Flush after every record. */
    public static Durability eachRecord() {
        return EACH_RECORD;
    }

    /**
     * Flush at least every {@code millis} ms while records arrive, and within {@code millis} ms of
     * the last record when they stop.
     *
     * @throws IllegalArgumentException unless {@code millis} is at least 1
     */
    public static Durability everyMillis(long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("Durability.everyMillis(" + millis + "): the interval must be >= 1 ms");
        }
        return new Durability(Kind.EVERY_MILLIS, millis);
    }

    /** Flush only on close. */
    public static Durability onClose() {
        return ON_CLOSE;
    }

    /** The interval of {@link #everyMillis}, 0 for the other policies. */
    public long intervalMillis() {
        return millis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Durability d && d.kind == kind && d.millis == millis;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Long.hashCode(millis);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EACH_RECORD -> "Durability.eachRecord()";
            case EVERY_MILLIS -> "Durability.everyMillis(" + millis + ")";
            case ON_CLOSE -> "Durability.onClose()";
        };
    }
}
