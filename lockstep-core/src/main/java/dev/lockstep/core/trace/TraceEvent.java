package dev.lockstep.core.trace;

import dev.lockstep.core.trace.internal.Words;
import java.util.Objects;

/**
 * One recorded event, as a snapshot or a trace file holds it.
 *
 * @param kind what it is (a registered kind, or a description read from a file)
 * @param phase which edge or point it marks; allowed by the kind's type
 * @param nanos when, on the session's clock ({@link System#nanoTime()} by default); for a {@link
 *     TracePhase#COMPLETE} event, when it started
 * @param durationNanos a COMPLETE event's duration; 0 for every other phase
 * @param logicalTime the layer's logical time: instant, tick, request id (the kind names it)
 * @param threadId the recording thread's {@link Thread#threadId()}
 * @param threadName the recording thread's name
 * @param a field {@code a} (the kind names it)
 * @param b field {@code b} (the kind names it)
 */
public record TraceEvent(
        TraceKind kind,
        TracePhase phase,
        long nanos,
        long durationNanos,
        long logicalTime,
        long threadId,
        String threadName,
        long a,
        long b) {
    public TraceEvent {
        Objects.requireNonNull(kind, "TraceEvent: kind is null");
        Objects.requireNonNull(phase, "TraceEvent: phase is null");
        Objects.requireNonNull(threadName, "TraceEvent: threadName is null");
        if (phase.type() != kind.type()) {
            throw new IllegalArgumentException("trace kind '" + kind.name() + "' is "
                    + Words.article(kind.type().word()) + " kind; it cannot have " + Words.article(phase.word())
                    + " event");
        }
        if (durationNanos < 0 || (durationNanos != 0 && phase != TracePhase.COMPLETE)) {
            throw new IllegalArgumentException("trace event of kind '" + kind.name() + "': duration " + durationNanos
                    + " (only a complete event has one, and it is not negative)");
        }
    }

    /** {@code nanos + durationNanos}: when a COMPLETE event ended; {@link #nanos()} otherwise. */
    public long endNanos() {
        return nanos + durationNanos;
    }
}
