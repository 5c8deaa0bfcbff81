package dev.lockstep.core.trace.internal;

import dev.lockstep.core.trace.TraceEvent;
import dev.lockstep.core.trace.TraceFileException;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TracePhase;
import dev.lockstep.core.trace.TraceSnapshot;
import dev.lockstep.core.trace.TraceThread;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Trace snapshots as JFR recordings, and back.
 *
 * <p>Writing starts a {@link Recording} with only the three Lockstep event types enabled (no
 * stack traces), commits one {@link TraceJfrSnapshotEvent}, one {@link TraceJfrThreadEvent} per
 * thread and one {@link TraceJfrEvent} per trace event, stops and dumps it. The JFR start time and
 * thread of each event are the conversion's; the original nanos, duration and thread are fields.
 * A recording that another part of the JVM runs at the same time also sees these events (JFR
 * events go to every running recording that enables them).
 *
 * <p>Reading takes every {@code dev.lockstep.Trace} event (written by a conversion, or committed
 * live during some other recording), in original-nanos order; threads come from the {@code
 * dev.lockstep.TraceThread} events when there are any, else from the events themselves (with
 * nothing known dropped).
 */
final class JfrFiles {
    private JfrFiles() {}

    static void write(TraceSnapshot snapshot, Path file) throws IOException {
        try (Recording r = new Recording()) {
            r.setName("lockstep trace conversion");
            r.enable(TraceJfrEvent.class).withoutStackTrace();
            r.enable(TraceJfrThreadEvent.class).withoutStackTrace();
            r.enable(TraceJfrSnapshotEvent.class).withoutStackTrace();
            r.start();
            TraceJfrSnapshotEvent s = new TraceJfrSnapshotEvent();
            s.nanosAtSnapshot = snapshot.nanosAtSnapshot();
            s.wallClockMillis = snapshot.wallClockMillis();
            s.droppedFromFinishedThreads = snapshot.droppedFromFinishedThreads();
            s.commit();
            for (TraceThread t : snapshot.threads()) {
                TraceJfrThreadEvent e = new TraceJfrThreadEvent();
                e.traceThreadId = t.id();
                e.traceThreadName = t.name();
                e.recorded = t.recorded();
                e.dropped = t.dropped();
                e.torn = t.torn();
                e.commit();
            }
            for (TraceEvent t : snapshot.events()) {
                TraceKind k = t.kind();
                TraceJfrEvent e = new TraceJfrEvent();
                e.kind = k.name();
                e.category = k.category();
                e.kindType = k.type().word();
                e.phase = t.phase().word();
                e.logicalTime = t.logicalTime();
                e.logicalTimeName = k.logicalTimeName();
                e.a = t.a();
                e.aName = k.fieldAName();
                e.b = t.b();
                e.bName = k.fieldBName();
                e.originalNanos = t.nanos();
                e.spanDuration = t.durationNanos();
                e.traceThreadId = t.threadId();
                e.traceThreadName = t.threadName();
                e.commit();
            }
            r.stop();
            r.dump(file);
        }
    }

    static TraceSnapshot read(Path file) throws IOException {
        List<RecordedEvent> all = RecordingFile.readAllEvents(file);
        List<TraceEvent> events = new ArrayList<>();
        Map<Long, TraceThread> threads = new LinkedHashMap<>();
        Map<Long, String> seenThreads = new LinkedHashMap<>();
        Map<List<Object>, TraceKind> kinds = new HashMap<>();
        long nanosAtSnapshot = Long.MIN_VALUE;
        long wallClockMillis = 0;
        long droppedFromFinished = 0;
        int index = 0;
        for (RecordedEvent r : all) {
            index++;
            String type = r.getEventType().getName();
            try {
                switch (type) {
                    case TraceJfrSnapshotEvent.NAME -> {
                        nanosAtSnapshot = r.getLong("nanosAtSnapshot");
                        wallClockMillis = r.getLong("wallClockMillis");
                        droppedFromFinished = r.getLong("droppedFromFinishedThreads");
                    }
                    case TraceJfrThreadEvent.NAME -> {
                        long id = r.getLong("traceThreadId");
                        threads.put(
                                id,
                                new TraceThread(
                                        id,
                                        r.getString("traceThreadName"),
                                        r.getLong("recorded"),
                                        r.getLong("dropped"),
                                        r.getLong("torn")));
                    }
                    case TraceJfrEvent.NAME -> {
                        TraceEvent e = event(r, kinds);
                        seenThreads.putIfAbsent(e.threadId(), e.threadName());
                        events.add(e);
                    }
                    default -> {
                        // another event type of the same recording: not ours
                    }
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new TraceFileException(
                        file,
                        0,
                        "JFR event " + index + " (" + type + ") is not a valid Lockstep trace event: " + e.getMessage(),
                        e);
            }
        }
        if (events.isEmpty() && threads.isEmpty()) {
            throw new TraceFileException(
                    file,
                    0,
                    "the JFR recording holds no " + TraceJfrEvent.NAME + " events (" + all.size() + " other events)");
        }
        events.sort(Comparator.comparingLong(TraceEvent::nanos));
        if (threads.isEmpty()) { // a live recording: threads from the events, counts unknown
            Map<Long, Long> counts = new HashMap<>();
            for (TraceEvent e : events) {
                counts.merge(e.threadId(), 1L, Long::sum);
            }
            seenThreads.forEach((id, name) -> threads.put(id, new TraceThread(id, name, counts.get(id), 0, 0)));
        }
        if (nanosAtSnapshot == Long.MIN_VALUE) {
            nanosAtSnapshot = events.isEmpty() ? 0 : events.getLast().endNanos();
        }
        List<TraceThread> threadList = new ArrayList<>(threads.values());
        threadList.sort(Comparator.comparingLong(TraceThread::id));
        return new TraceSnapshot(nanosAtSnapshot, wallClockMillis, threadList, droppedFromFinished, events);
    }

    private static TraceEvent event(RecordedEvent r, Map<List<Object>, TraceKind> kinds) {
        String name = r.getString("kind");
        String typeWord = r.getString("kindType");
        TraceKind.Type type = TraceKind.Type.ofWord(typeWord);
        if (type == null) {
            throw new IllegalArgumentException("kind '" + name + "' has unknown type \"" + typeWord + "\"");
        }
        List<Object> shape = List.of(
                name,
                r.getString("category"),
                type,
                r.getString("logicalTimeName"),
                r.getString("aName"),
                r.getString("bName"));
        TraceKind kind = kinds.computeIfAbsent(
                shape,
                s -> TraceKind.describe(
                        (String) s.get(0), (String) s.get(1), type, (String) s.get(3), (String) s.get(4), (String)
                                s.get(5)));
        String phaseWord = r.getString("phase");
        TracePhase phase = TracePhase.ofWord(phaseWord);
        if (phase == null) {
            throw new IllegalArgumentException("unknown phase \"" + phaseWord + "\"");
        }
        return new TraceEvent(
                kind,
                phase,
                r.getLong("originalNanos"),
                r.getLong("spanDuration"),
                r.getLong("logicalTime"),
                r.getLong("traceThreadId"),
                r.getString("traceThreadName"),
                r.getLong("a"),
                r.getLong("b"));
    }
}
