package dev.lockstep.core.time;

import java.util.List;

/**
 * A clock that returns, in order, the readings an earlier run's {@link RecordingClock} made.
 * A run that asks for a different reading than the one recorded next, or for more readings
 * than were recorded, has diverged from the recording: the clock throws {@link
 * ClockDivergenceException} naming the reading's index instead of inventing a value.
 */
public final class ReplayClock implements Clock {
    private final List<ClockReading> readings;
    private int next; // guarded by this

    /** @param readings the recorded readings, oldest first */
    public ReplayClock(List<ClockReading> readings) {
        this.readings = List.copyOf(readings);
    }

    @Override
    public long nanoTime() {
        return take(ClockReading.Kind.NANO_TIME);
    }

    @Override
    public long currentTimeMillis() {
        return take(ClockReading.Kind.CURRENT_TIME_MILLIS);
    }

    /** How many recorded readings have not been asked for yet. */
    public synchronized int remaining() {
        return readings.size() - next;
    }

    private synchronized long take(ClockReading.Kind kind) {
        if (next >= readings.size()) {
            throw new ClockDivergenceException("replay clock: reading #" + next + " (" + kind
                    + ") was asked for, but the recording holds only " + readings.size() + " readings");
        }
        ClockReading r = readings.get(next);
        if (r.kind() != kind) {
            throw new ClockDivergenceException("replay clock: reading #" + next + " was recorded as " + r.kind()
                    + " but the run asked for " + kind);
        }
        next++;
        return r.value();
    }
}
