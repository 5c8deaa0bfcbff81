package dev.lockstep.core.time;

/**
 * One reading a {@link RecordingClock} made: which reading and the value it returned.
 *
 * @param kind {@link Kind#NANO_TIME} or {@link Kind#CURRENT_TIME_MILLIS}
 * @param value what the clock returned
 */
public record ClockReading(Kind kind, long value) {
    /** Which of the two {@link Clock} readings. */
    public enum Kind {
        NANO_TIME,
        CURRENT_TIME_MILLIS
    }

    public ClockReading {
        if (kind == null) {
            throw new IllegalArgumentException("a clock reading needs a kind");
        }
    }

    /** Hears each reading as a {@link RecordingClock} makes it, for example to append it to a replay log. */
    @FunctionalInterface
    public interface Listener {
        void reading(Kind kind, long value);
    }
}
