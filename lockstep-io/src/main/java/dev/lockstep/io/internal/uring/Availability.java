package dev.lockstep.io.internal.uring;

/**
 * The outcome of {@link Ring#tryOpen}: either a ring, or the reason io_uring cannot be used here
 * (missing, forbidden, out of locked memory, not Linux), so that the runtime can fall back to NIO
 * and log the reason once. Immutable.
 */
public sealed interface Availability {
    /** io_uring works: the caller owns {@code ring} and must close it. */
    record Available(Ring ring) implements Availability {}

    /**
     * io_uring cannot be used: {@code reason} is one sentence for a log line; {@code errno} is the
     * failing call's errno (positive), or 0 when no call was made (not Linux).
     */
    record Unavailable(String reason, int errno) implements Availability {}
}
