package dev.lockstep.core.memory.internal;

/**
 * The small size classes of {@code SlabAllocator}, spaced as jemalloc spaces its small bins: every
 * multiple of 16 up to 128, then four classes per doubling (160, 192, 224, 256, 320, ... 3584, 4096).
 * Rounding a request up to its class therefore wastes less than 20% above 128 bytes (at most a
 * quarter of the class's power-of-two base), and every class is a multiple of 16, which keeps every
 * slot 16-byte aligned.
 */
public final class SizeClasses {
    /** The alignment of every block, and the granule of the large region. */
    public static final int QUANTUM = 16;
    /** The largest small request; larger ones go to the large region. */
    public static final int MAX_SMALL = 4096;

    private static final int TINY_MAX = 128;
    private static final int TINY_CLASSES = TINY_MAX / QUANTUM;
    private static final int[] SIZES = buildSizes();

    private SizeClasses() {}

    private static int[] buildSizes() {
        int groups = Integer.numberOfTrailingZeros(MAX_SMALL) - Integer.numberOfTrailingZeros(TINY_MAX);
        int[] sizes = new int[TINY_CLASSES + 4 * groups];
        for (int i = 0; i < TINY_CLASSES; i++) {
            sizes[i] = (i + 1) * QUANTUM;
        }
        int n = TINY_CLASSES;
        for (int base = TINY_MAX; base < MAX_SMALL; base <<= 1) {
            for (int k = 1; k <= 4; k++) {
                sizes[n++] = base + k * (base / 4);
            }
        }
        return sizes;
    }

    public static int count() {
        return SIZES.length;
    }

    public static int slotSize(int index) {
        return SIZES[index];
    }

    /** The index of the smallest class holding {@code size} bytes; {@code 1 <= size <= MAX_SMALL}. */
    public static int indexOf(long size) {
        int s = (int) size;
        if (s <= TINY_MAX) {
            return (s + QUANTUM - 1) / QUANTUM - 1;
        }
        int log = 31 - Integer.numberOfLeadingZeros(s - 1); // base = 2^log < s <= 2^(log+1)
        int base = 1 << log;
        int step = base >>> 2;
        int k = (s - base + step - 1) / step; // 1..4
        return TINY_CLASSES + 4 * (log - 7) + k - 1;
    }

    /** {@code size} rounded up to a multiple of {@link #QUANTUM}. */
    public static long roundUp(long size) {
        return (size + QUANTUM - 1) & -QUANTUM;
    }
}
