/**
 * The replay log: an append-only, versioned, checksummed file of the inputs of a run (logical
 * time, source, value), the one door through which everything non-deterministic enters a
 * replayable run. {@link dev.lockstep.core.replay.ReplayLog} is the entry point; the guide is
 * docs/core/replay.md.
 *
 * <p>A deterministic package: it reads time only through an injected {@link
 * dev.lockstep.core.time.Clock}, uses no unseeded randomness and iterates only ordered
 * collections. The background flusher that waits in real time lives in {@code
 * dev.lockstep.core.internal}.
 */
package dev.lockstep.core.replay;
