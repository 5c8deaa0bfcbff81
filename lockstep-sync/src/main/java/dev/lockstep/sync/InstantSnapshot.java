package dev.lockstep.sync;

/**
 * What a machine looked like at the end of one instant, after its signals were finalized (aggregates
 * delivered, presence tests resolved, watches triggered) and before the rollover. Passed to the
 * builder's {@code onInstant} callback and returned in each {@link InstantResult}.
 *
 * @param instant the instant's number, from 0
 * @param current process steps run in the instant (each resumption of a process counts once; the
 *     current queue itself is empty at this point)
 * @param blocked processes blocked on an absent {@code when} guard; the rollover moves them to the
 *     next instant, where their guards are checked again
 * @param next processes scheduled for the next instant (paused, awaited signals delivered, absent
 *     presence tests), not counting the guard-blocked ones nor the kills the rollover applies
 * @param signals signals present in the instant
 */
public record InstantSnapshot(long instant, int current, int blocked, int next, int signals) {}
