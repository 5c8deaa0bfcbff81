/**
 * Clocks: {@link dev.lockstep.core.time.Clock#system()}, {@link
 * dev.lockstep.core.time.VirtualClock} (advanced explicitly), {@link
 * dev.lockstep.core.time.RecordingClock} and {@link dev.lockstep.core.time.ReplayClock}. The
 * deterministic packages read time only through a {@code Clock} they are given.
 */
package dev.lockstep.core.time;
