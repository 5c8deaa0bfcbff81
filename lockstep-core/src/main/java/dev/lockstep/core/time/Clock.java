package dev.lockstep.core.time;

/**
 * Where a component reads the time. Code in the deterministic packages (lockstep-sync,
 * lockstep-patch and the replay log) never reads the wall clock directly: it is handed a
 * {@code Clock}, and a run is reproducible when that clock is a {@link VirtualClock} (advanced
 * explicitly) or a {@link ReplayClock} (which returns the readings a {@link RecordingClock}
 * made in an earlier run).
 *
 * <p>Two readings, as in {@link System}: {@link #nanoTime()} is monotonic and only differences
 * are meaningful; {@link #currentTimeMillis()} is wall-clock time since the epoch. An
 * implementation is safe to call from any thread unless its class says otherwise.
 */
public interface Clock {
    /** Monotonic nanoseconds; never decreases for one clock; only differences are meaningful. */
    long nanoTime();

    /** Milliseconds since 1970-01-01T00:00Z. */
    long currentTimeMillis();

    /** The machine's clocks: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
