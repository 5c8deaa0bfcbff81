/**
 * The I/O runtime's implementation: the scheduler and task pool, the backend interface and the
 * io_uring and NIO backends. Not API; no other module imports it.
 *
 * <p>Memory-ordering vocabulary: as defined in {@code dev.lockstep.core.concurrent}'s package
 * overview (plain, opaque, acquire, release, volatile, CAS), used in accessor names here too.
 */
package dev.lockstep.io.internal;
