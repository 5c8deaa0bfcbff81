package dev.lockstep.patch.internal.exec;

/** Work over lanes {@code [0, lanes())} that any split into ranges computes to the same bits. */
public interface LaneRange {
    int lanes();

    void runRange(int from, int to);
}
