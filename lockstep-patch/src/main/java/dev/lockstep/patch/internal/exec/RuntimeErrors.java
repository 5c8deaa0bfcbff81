package dev.lockstep.patch.internal.exec;

/**
 * Where the steps report what went wrong while running: a division by zero, a NaN or infinity
 * produced, an event buffer that overflowed. Each report names the kind, the block, the step and the
 * tick; the step then stores 0 in place of the bad value (the spec's safe value) and the tick goes
 * on. Nothing is replaced without a report. Implemented by the player's health monitor.
 */
public interface RuntimeErrors {
    int DIVISION_BY_ZERO = 0;
    int NAN_PRODUCED = 1;
    int INFINITY_PRODUCED = 2;
    int BUFFER_OVERFLOW = 3;

    String[] KIND_NAMES = {"division_by_zero", "nan_produced", "infinity_produced", "buffer_overflow"};

    void report(int kind, String blockId, int step, long tick, String detail);
}
