package dev.lockstep.patch;

/**
 * One value the trace buffer saw (see {@link PatchTrace}).
 *
 * @param tick the tick
 * @param step the step's index in the tick schedule
 * @param slot the signal bank offset (signals), field buffer index (fields) or -1 (events)
 * @param lane the lane (fields), component (signals) or -1 (events: value is the event count)
 * @param value the value
 * @param blockId the block the step belongs to
 */
public record TraceEntry(long tick, int step, int slot, int lane, double value, String blockId) {}
