package dev.lockstep.patch.internal.ir;

/**
 * A piece of state a stateful block keeps between ticks, keyed by a {@link #stateId} that survives
 * recompilation ("blockId:kind"). A scalar slot holds {@link #stride} doubles; a field slot (instance
 * >= 0) holds lanes x stride floats. {@link #initial} has {@link #stride} values: the value of a new
 * element.
 */
public record StateSlot(
        int index, String stateId, String blockId, String kind, int stride, int instance, double[] initial) {
    public boolean field() {
        return instance >= 0;
    }
}
