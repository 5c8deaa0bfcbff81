package dev.lockstep.core.trace;

import dev.lockstep.core.trace.internal.TraceSession;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * Recording trace events: the static facade every layer calls.
 *
 * <pre>{@code
 * static final TraceKind STEP = TraceKind.register("flow.step", "flow", TraceKind.Type.SPAN, "request", "step", "status");
 *
 * Trace.begin(STEP, requestId, stepIndex, 0);
 * ...
 * Trace.end(STEP, requestId, stepIndex, status);
 *
 * Trace.enable();                                  // or -Dlockstep.trace=true
 * ...
 * Trace.disable();
 * Trace.snapshot().write(Path.of("trace.jsonl"));  // .json: Chrome/Perfetto, .jfr: JFR
 * }</pre>
 *
 * <h2>Cost when disabled</h2>
 *
 * <p>Each recording method is one opaque read of a static field and a null test; the recording
 * itself is a separate method on the session object, never reached when tracing is off. The
 * arguments are primitives and a kind held in a static final field, so a disabled call site
 * allocates nothing and computes nothing (pass values the caller has anyway; for a COMPLETE event
 * take the start with {@link #now()}, which is a read and a test too). The read is opaque rather
 * than plain so that a running loop sees {@link #enable} promptly (a plain read could be hoisted
 * out of the loop); on x86 and ARM it is an ordinary load. The {@code kernel} benchmark {@code
 * trace-disabled} compares a call site with the same loop without it.
 *
 * <h2>Cost when enabled</h2>
 *
 * <p>A thread-local lookup, a clock read and seven stores into the thread's own ring (see {@code
 * TraceRing}): no lock, no CAS, no allocation after the ring has grown to its capacity. The ring
 * keeps the newest {@code capacityPerThread} events; older ones are overwritten and counted as
 * dropped.
 *
 * <h2>Sessions</h2>
 *
 * <p>{@link #enable(TraceOptions)} starts a new session (discarding the previous one's events);
 * {@link #disable()} stops recording and keeps the session for {@link #snapshot()}. Both may be
 * called from any thread at any time: the session reference is written with a volatile store and
 * read opaquely, and a thread that reads the old session a moment after a switch records one more
 * event into it (harmless: a snapshot reads rings concurrently anyway). A misuse (a span method on
 * an instant kind, a kind read from a file) throws {@link IllegalArgumentException} while tracing
 * is enabled and is not checked while it is disabled.
 *
 * <h2>System properties</h2>
 *
 * <p>Read when this class initialises: {@code lockstep.trace=true} enables tracing; {@code
 * lockstep.trace.capacity=N} sets the capacity per thread; {@code lockstep.trace.jfr=true} turns
 * on JFR live mode; {@code lockstep.trace.file=PATH} enables tracing and writes a snapshot to PATH
 * when the JVM exits (format from the extension). A malformed value is reported through {@link
 * System.Logger} and tracing stays off.
 */
public final class Trace {
    private Trace() {}

    /** What {@link #now()} returns when tracing is off; {@link #complete} ignores such a start. */
    public static final long NOT_STARTED = Long.MIN_VALUE;

    private static final VarHandle SESSION;
    private static final Object LOCK = new Object();

    private static TraceSession session; // the enabled session or null; set volatile, read opaque
    private static TraceSession last; // guarded by LOCK: the session snapshot() reads

    static {
        try {
            SESSION = MethodHandles.lookup().findStaticVarHandle(Trace.class, "session", TraceSession.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        TraceStartup.apply();
    }

    private static TraceSession opaqueSession() {
        return (TraceSession) SESSION.getOpaque();
    }

    private static void setVolatileSession(TraceSession s) {
        SESSION.setVolatile(s);
    }

    // ---- recording: the fast check here, the work in the session ----

    /** Records the start of a span of {@code kind} (a {@link TraceKind.Type#SPAN} kind). */
    public static void begin(TraceKind kind, long logicalTime, long a, long b) {
        TraceSession s = opaqueSession();
        if (s != null) {
            s.record(kind, TracePhase.BEGIN, logicalTime, a, b);
        }
    }

    /** Records the end of the innermost open span of {@code kind} on this thread. */
    public static void end(TraceKind kind, long logicalTime, long a, long b) {
        TraceSession s = opaqueSession();
        if (s != null) {
            s.record(kind, TracePhase.END, logicalTime, a, b);
        }
    }

    /**
     * Records a whole span that started at {@code startNanos} (from {@link #now()}) and ends now:
     * one event instead of two. Ignored when {@code startNanos} is {@link #NOT_STARTED} (tracing
     * was off at the start).
     */
    public static void complete(TraceKind kind, long logicalTime, long startNanos, long a, long b) {
        TraceSession s = opaqueSession();
        if (s != null && startNanos != NOT_STARTED) {
            s.recordComplete(kind, logicalTime, startNanos, a, b);
        }
    }

    /** Records a point event of {@code kind} (a {@link TraceKind.Type#INSTANT} kind). */
    public static void instant(TraceKind kind, long logicalTime, long a, long b) {
        TraceSession s = opaqueSession();
        if (s != null) {
            s.record(kind, TracePhase.INSTANT, logicalTime, a, b);
        }
    }

    /** {@link #instant(TraceKind, long, long, long)} with both fields 0. */
    public static void instant(TraceKind kind, long logicalTime) {
        TraceSession s = opaqueSession();
        if (s != null) {
            s.record(kind, TracePhase.INSTANT, logicalTime, 0, 0);
        }
    }

    /** Records the two values of a {@link TraceKind.Type#COUNTER} kind. */
    public static void counter(TraceKind kind, long logicalTime, long a, long b) {
        TraceSession s = opaqueSession();
        if (s != null) {
            s.record(kind, TracePhase.COUNTER, logicalTime, a, b);
        }
    }

    /** The session clock's nanos for a later {@link #complete}, or {@link #NOT_STARTED} when off. */
    public static long now() {
        TraceSession s = opaqueSession();
        return s != null ? s.now() : NOT_STARTED;
    }

    /** Whether events are being recorded. */
    public static boolean isEnabled() {
        return opaqueSession() != null;
    }

    // ---- control ----

    /** Enables tracing with the default options. */
    public static void enable() {
        enable(TraceOptions.defaults());
    }

    /** Enables tracing with {@code capacityPerThread} events per thread. */
    public static void enable(int capacityPerThread) {
        enable(TraceOptions.defaults().withCapacityPerThread(capacityPerThread));
    }

    /**
     * Starts a new session with these options; the previous session's events are discarded.
     *
     * @throws TraceException if JFR mode is asked for and this JVM has no JFR
     */
    public static void enable(TraceOptions options) {
        TraceSession s = new TraceSession(options);
        synchronized (LOCK) {
            last = s;
            setVolatileSession(s);
        }
    }

    /** Stops recording. The session stays readable by {@link #snapshot()} until the next enable. */
    public static void disable() {
        synchronized (LOCK) {
            setVolatileSession(null);
        }
    }

    /** The options of the current (or last) session, or {@code null} if there was none. */
    public static TraceOptions options() {
        synchronized (LOCK) {
            return last == null ? null : last.options();
        }
    }

    /**
     * A snapshot of the current session, or of the last one after {@link #disable()}; empty if
     * tracing was never enabled. Safe while other threads record.
     */
    public static TraceSnapshot snapshot() {
        TraceSession s;
        synchronized (LOCK) {
            s = last;
        }
        return s == null ? TraceSnapshot.empty() : s.snapshot();
    }

    /**
     * Disables tracing, writes a snapshot to {@code file} (format from its name) and returns it.
     *
     * @throws TraceException naming the file if it cannot be written
     */
    public static TraceSnapshot disableAndWrite(Path file) {
        disable();
        TraceSnapshot s = snapshot();
        s.write(file);
        return s;
    }
}
