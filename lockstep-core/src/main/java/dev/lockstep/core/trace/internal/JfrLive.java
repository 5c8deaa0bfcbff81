package dev.lockstep.core.trace.internal;

import dev.lockstep.core.trace.TraceException;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TracePhase;

/**
 * JFR live mode: each recorded event is also committed as a {@link TraceJfrEvent}. Loaded only
 * when a session asks for it, so a JVM without the {@code jdk.jfr} module can still trace. When
 * no JFR recording runs, {@code isEnabled()} is false and nothing is filled in or committed (the
 * event object usually does not even escape).
 */
final class JfrLive {
    private JfrLive() {}

    /** Fails clearly if this JVM has no JFR. */
    static void check() {
        try {
            Class.forName("jdk.jfr.Event", false, JfrLive.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new TraceException("trace JFR mode needs the jdk.jfr module, which this JVM does not have", e);
        }
    }

    static void commit(TraceKind kind, TracePhase phase, long nanos, long duration, long logical, long a, long b) {
        TraceJfrEvent e = new TraceJfrEvent();
        if (!e.isEnabled()) {
            return;
        }
        Thread t = Thread.currentThread();
        e.kind = kind.name();
        e.category = kind.category();
        e.kindType = kind.type().word();
        e.phase = phase.word();
        e.logicalTime = logical;
        e.logicalTimeName = kind.logicalTimeName();
        e.a = a;
        e.aName = kind.fieldAName();
        e.b = b;
        e.bName = kind.fieldBName();
        e.originalNanos = nanos;
        e.spanDuration = duration;
        e.traceThreadId = t.threadId();
        e.traceThreadName = t.getName();
        e.commit();
    }
}
