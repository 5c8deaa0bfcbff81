package dev.lockstep.patch;

/**
 * One thing that went wrong while running, as a step reported it: the step stored 0 in place of the
 * bad value and the tick went on.
 *
 * @param kind division_by_zero, nan_produced, infinity_produced or buffer_overflow
 * @param blockId the block whose step it was
 * @param step the step's index in the tick schedule
 * @param tick the tick (frame) number
 * @param detail what the step saw, e.g. "div gave Infinity; 0 used"
 */
public record RuntimeError(String kind, String blockId, int step, long tick, String detail) {}
