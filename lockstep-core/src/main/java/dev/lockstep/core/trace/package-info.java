/**
 * Tracing: typed events from every layer into per-thread rings, free when disabled, exported as
 * JSON Lines, Chrome trace (Perfetto, {@code chrome://tracing}) and JFR.
 *
 * <p>A layer registers its {@link dev.lockstep.core.trace.TraceKind}s once and records through
 * the static methods of {@link dev.lockstep.core.trace.Trace}; a user enables tracing, takes a
 * {@link dev.lockstep.core.trace.TraceSnapshot} and writes it. The guide is docs/core/trace.md.
 * Shared fields in {@code internal} are accessed with the memory-ordering vocabulary of {@code
 * dev.lockstep.core.concurrent}'s package-info.
 */
package dev.lockstep.core.trace;
