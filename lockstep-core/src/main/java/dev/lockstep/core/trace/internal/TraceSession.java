package dev.lockstep.core.trace.internal;

import dev.lockstep.core.time.Clock;
import dev.lockstep.core.trace.TraceEvent;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TraceOptions;
import dev.lockstep.core.trace.TracePhase;
import dev.lockstep.core.trace.TraceSnapshot;
import dev.lockstep.core.trace.TraceThread;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One enabled period of tracing: its options, one {@link TraceRing} per recording thread, and
 * the registry of those rings that snapshots read.
 *
 * <p>A thread finds its ring through the session's own {@code ThreadLocal}, so a new session
 * never sees the rings of an old one, and the old one's thread-local entries go when it becomes
 * unreachable. A thread's first event registers its ring (under the session's lock, once per
 * thread per session). The registry keeps the rings of finished threads, so their events stay
 * exportable, up to {@link TraceOptions#maxFinishedThreads()}: when registrations have doubled
 * the registry since the last check, the oldest rings of finished threads beyond that bound are
 * released and their events counted ({@code finishedThreadsBeyondTheBoundAreReleasedAndCounted}).
 *
 * <p>Recording calls come from {@code Trace}'s static methods after their enabled check; the
 * methods here validate the kind (a misuse throws, since it is a bug in the recording layer),
 * read the clock, write the ring and, in JFR live mode, commit a JFR event.
 */
public final class TraceSession {
    private final TraceOptions options;
    private final Clock clock;
    private final int capacity;
    private final boolean jfr;
    private final ThreadLocal<TraceRing> rings = new ThreadLocal<>();

    private final ArrayList<TraceRing> registry = new ArrayList<>(); // guarded by this
    private long releasedEvents; // guarded by this
    private int checkFinishedAt = 64; // guarded by this

    public TraceSession(TraceOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.capacity = options.capacityPerThread();
        this.jfr = options.jfr();
        if (jfr) {
            JfrLive.check();
        }
    }

    public TraceOptions options() {
        return options;
    }

    /** The session clock's nanos. */
    public long now() {
        return clock.nanoTime();
    }

    /** Records a BEGIN, END, INSTANT or COUNTER event stamped now. */
    public void record(TraceKind kind, TracePhase phase, long logical, long a, long b) {
        int id = kind.id();
        if (id < 0 || kind.type() != phase.type()) {
            throw misuse(kind, phase);
        }
        long nanos = clock.nanoTime();
        ring().write(id, phase, nanos, 0, logical, a, b);
        if (jfr) {
            JfrLive.commit(kind, phase, nanos, 0, logical, a, b);
        }
    }

    /** Records a COMPLETE event that started at {@code startNanos} and ends now. */
    public void recordComplete(TraceKind kind, long logical, long startNanos, long a, long b) {
        int id = kind.id();
        if (id < 0 || kind.type() != TraceKind.Type.SPAN) {
            throw misuse(kind, TracePhase.COMPLETE);
        }
        long duration = Math.max(0, clock.nanoTime() - startNanos);
        ring().write(id, TracePhase.COMPLETE, startNanos, duration, logical, a, b);
        if (jfr) {
            JfrLive.commit(kind, TracePhase.COMPLETE, startNanos, duration, logical, a, b);
        }
    }

    private static IllegalArgumentException misuse(TraceKind kind, TracePhase phase) {
        if (!kind.isRegistered()) {
            return new IllegalArgumentException("trace kind '" + kind.name() + "' is a description read from a file;"
                    + " register it with TraceKind.register before recording it");
        }
        return new IllegalArgumentException("trace kind '" + kind.name() + "' is "
                + Words.article(kind.type().word()) + " kind; it cannot record " + Words.article(phase.word())
                + " event");
    }

    private TraceRing ring() {
        TraceRing r = rings.get();
        return r != null ? r : registerSlowPath();
    }

    /** The thread's first event in this session: a ring, registered for snapshots. */
    private TraceRing registerSlowPath() {
        TraceRing r = new TraceRing(Thread.currentThread(), capacity);
        synchronized (this) {
            registry.add(r);
            if (registry.size() >= checkFinishedAt) {
                releaseFinishedBeyondBound();
                checkFinishedAt = Math.max(64, registry.size() * 2);
            }
        }
        rings.set(r);
        return r;
    }

    /** Under the lock: releases the oldest rings of finished threads beyond the bound. */
    private void releaseFinishedBeyondBound() {
        int finished = 0;
        for (TraceRing r : registry) {
            if (r.isFinished()) {
                finished++;
            }
        }
        int release = finished - options.maxFinishedThreads();
        for (int i = 0; i < registry.size() && release > 0; ) {
            TraceRing r = registry.get(i);
            if (r.isFinished()) { // registration order: the oldest finished go first
                releasedEvents += r.retained();
                registry.remove(i);
                release--;
            } else {
                i++;
            }
        }
    }

    /** Releases finished threads' rings beyond the bound now (tests; normally amortised). */
    public synchronized void releaseFinishedThreadsNow() {
        releaseFinishedBeyondBound();
    }

    /** Rings registered now. */
    public synchronized int rings() {
        return registry.size();
    }

    /**
     * Reads every ring into a snapshot; safe while threads record (see {@link TraceRing}). Events
     * recorded while it runs may or may not be in it.
     */
    public TraceSnapshot snapshot() {
        List<TraceRing> copy;
        long released;
        synchronized (this) {
            copy = new ArrayList<>(registry);
            released = releasedEvents;
        }
        long nanos = clock.nanoTime();
        long millis = clock.currentTimeMillis();
        copy.sort(Comparator.comparingLong(TraceRing::threadId));
        List<TraceEvent> events = new ArrayList<>();
        List<TraceThread> threads = new ArrayList<>(copy.size());
        for (TraceRing r : copy) {
            threads.add(r.readInto(events));
        }
        events.sort(Comparator.comparingLong(TraceEvent::nanos)); // stable: per-thread order kept on ties
        return new TraceSnapshot(nanos, millis, threads, released, events);
    }
}
