package dev.lockstep.patch.internal.ir;

/**
 * A domain of lanes: a fixed count (Array) or a 2D grid (width x height, row-major). Bounds are
 * compile-time constants. Each lane has a stable element id, which is what state migration maps
 * lanes by across a hot swap: lane i of a fixed-count domain has id i (so growing keeps the old ids),
 * the lane at (x, y) of a grid has id {@code y * GRID_ID_STRIDE + x} (so a wider grid keeps each
 * cell's state with the cell, not with its index).
 *
 * @param id dense index of the instance in its program
 * @param blockId the block that made it
 * @param count lanes
 * @param width grid width (count for a fixed domain)
 * @param height grid height (1 for a fixed domain)
 * @param grid whether it is a grid domain
 */
public record Instance(int id, String blockId, int count, int width, int height, boolean grid) {
    public static final int GRID_ID_STRIDE = 1 << 16;

    public long elementId(int lane) {
        if (!grid) {
            return lane;
        }
        return (long) (lane / width) * GRID_ID_STRIDE + (lane % width);
    }

    public long[] elementIds() {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = elementId(i);
        }
        return ids;
    }
}
