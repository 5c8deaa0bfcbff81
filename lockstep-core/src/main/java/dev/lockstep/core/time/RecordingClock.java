package dev.lockstep.core.time;

import java.util.ArrayList;
import java.util.List;

/**
 * A clock that passes every reading of its source to a {@link ClockReading.Listener}, in the
 * order it was made, so that a {@link ReplayClock} can give the same readings back. Recording
 * is serialised (one lock) so that the listener sees readings in the order callers got them;
 * a recorded run is meant to read its clock from one thread at a time.
 */
public final class RecordingClock implements Clock {
    private final Clock source;
    private final ClockReading.Listener listener;

    /**
     * @param source the clock to read, usually {@link Clock#system()}
     * @param listener hears each reading
     */
    public RecordingClock(Clock source, ClockReading.Listener listener) {
        if (source == null || listener == null) {
            throw new IllegalArgumentException("a recording clock needs a source clock and a listener");
        }
        this.source = source;
        this.listener = listener;
    }

    /** A recording clock that keeps its readings in memory; see {@link InMemory#readings()}. */
    public static InMemory inMemory(Clock source) {
        return new InMemory(source);
    }

    @Override
    public synchronized long nanoTime() {
        long v = source.nanoTime();
        listener.reading(ClockReading.Kind.NANO_TIME, v);
        return v;
    }

    @Override
    public synchronized long currentTimeMillis() {
        long v = source.currentTimeMillis();
        listener.reading(ClockReading.Kind.CURRENT_TIME_MILLIS, v);
        return v;
    }

    /** A recording clock with its readings kept in a list. */
    public static final class InMemory implements Clock {
        private final List<ClockReading> readings = new ArrayList<>();
        private final RecordingClock clock;

        private InMemory(Clock source) {
            this.clock = new RecordingClock(source, (kind, value) -> readings.add(new ClockReading(kind, value)));
        }

        @Override
        public long nanoTime() {
            return clock.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return clock.currentTimeMillis();
        }

        /** A copy of the readings so far, oldest first. */
        public List<ClockReading> readings() {
            synchronized (clock) {
                return List.copyOf(readings);
            }
        }
    }
}
