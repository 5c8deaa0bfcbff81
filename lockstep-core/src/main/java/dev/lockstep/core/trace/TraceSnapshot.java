package dev.lockstep.core.trace;

import dev.lockstep.core.trace.internal.TraceFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable copy of a trace: every retained event of every ring, merged in time order, with
 * each thread's counts. Taken by {@link Trace#snapshot()} (while recording goes on, or after
 * {@link Trace#disable()}), or read from a file by {@link #read(Path)}.
 *
 * <p>Order: by {@link TraceEvent#nanos()}; events with equal nanos keep their thread's recording
 * order, threads by id. One thread's BEGIN/END events are therefore in the order it recorded them
 * (its clock readings never decrease).
 *
 * @param nanosAtSnapshot the session clock's nanos when the snapshot was taken
 * @param wallClockMillis the session clock's wall time then: {@code nanos} map to wall time as
 *     {@code wallClockMillis + (nanos - nanosAtSnapshot) / 1e6}
 * @param threads every ring the snapshot read, by thread id
 * @param droppedFromFinishedThreads events lost with the rings of finished threads released
 *     beyond {@link TraceOptions#maxFinishedThreads()}
 * @param events the events, in time order
 */
public record TraceSnapshot(
        long nanosAtSnapshot,
        long wallClockMillis,
        List<TraceThread> threads,
        long droppedFromFinishedThreads,
        List<TraceEvent> events) {
    public TraceSnapshot {
        threads = List.copyOf(threads);
        events = List.copyOf(events);
        if (droppedFromFinishedThreads < 0) {
            throw new IllegalArgumentException("droppedFromFinishedThreads is negative: " + droppedFromFinishedThreads);
        }
    }

    /** A snapshot of nothing (no session was ever enabled). */
    public static TraceSnapshot empty() {
        return new TraceSnapshot(System.nanoTime(), System.currentTimeMillis(), List.of(), 0, List.of());
    }

    /** Every event lost: overwritten in a full ring, or with a released ring of a finished thread. */
    public long dropped() {
        long d = droppedFromFinishedThreads;
        for (TraceThread t : threads) {
            d += t.dropped();
        }
        return d;
    }

    /** Events skipped because their slot was rewritten while the snapshot read it. */
    public long torn() {
        long n = 0;
        for (TraceThread t : threads) {
            n += t.torn();
        }
        return n;
    }

    /** The distinct kinds of the events, in order of first appearance. */
    public List<TraceKind> kinds() {
        Set<TraceKind> kinds = new LinkedHashSet<>();
        for (TraceEvent e : events) {
            kinds.add(e.kind());
        }
        return new ArrayList<>(kinds);
    }

    /** Writes the snapshot in the format {@link TraceFormat#forFile} picks from the file name. */
    public void write(Path file) {
        write(file, TraceFormat.forFile(file));
    }

    /**
     * Writes the snapshot to {@code file} (replacing it) in {@code format}.
     *
     * @throws TraceException naming the file if it cannot be written
     */
    public void write(Path file, TraceFormat format) {
        Objects.requireNonNull(format, "format");
        TraceFiles.write(this, file, format);
    }

    /**
     * Reads a trace file written by {@link #write}: JSON Lines, or a JFR recording holding
     * {@code dev.lockstep.Trace} events (the content decides, not the name). A Chrome trace file
     * cannot be read back: keep the JSON Lines file.
     *
     * @throws TraceFileException naming the file and line when the content is malformed
     * @throws TraceException naming the file when it cannot be read
     */
    public static TraceSnapshot read(Path file) {
        return TraceFiles.read(file);
    }
}
