package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.FieldCall;
import dev.lockstep.patch.internal.ir.Sources;

/**
 * Fills the intrinsic fields of an instance: lane index, normalized index (i / (n − 1), 0.5 for a
 * single lane, stored as float32), stable element id, grid column and row.
 */
final class Intrinsics {
    private Intrinsics() {}

    static void fill(int which, FieldCall c) {
        float[] out = c.out;
        int n = c.n;
        switch (which) {
            case Sources.INTRINSIC_INDEX -> {
                for (int i = 0; i < n; i++) {
                    out[i] = i;
                }
            }
            case Sources.INTRINSIC_NORMALIZED -> {
                for (int i = 0; i < n; i++) {
                    out[i] = n == 1 ? 0.5f : (float) ((double) i / (n - 1));
                }
            }
            case Sources.INTRINSIC_ELEMENT_ID -> {
                for (int i = 0; i < n; i++) {
                    out[i] = c.ids[i];
                }
            }
            case Sources.INTRINSIC_GRID_X -> {
                for (int i = 0; i < n; i++) {
                    out[i] = i % c.instance.width();
                }
            }
            case Sources.INTRINSIC_GRID_Y -> {
                for (int i = 0; i < n; i++) {
                    out[i] = i / c.instance.width();
                }
            }
            default -> throw new IllegalArgumentException("intrinsic " + which);
        }
    }
}
