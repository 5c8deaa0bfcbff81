package dev.lockstep.patch.internal.ir;

/**
 * Nodes whose value comes from outside their arguments, filled by dedicated steps rather than by an
 * op: time-root outputs ({@code k[0]} a {@code TIME_*} index), external input channels ({@code k[0]}
 * a channel), state reads ({@code k[0]} a state slot), and field intrinsics ({@code k[0]} an {@code
 * INTRINSIC_*} kind). Time, input and state sources vary per tick; intrinsics do not.
 */
public final class Sources {
    private Sources() {}

    public static final int TIME_MS = 0;
    public static final int TIME_DT = 1;
    public static final int TIME_PHASE_A = 2;
    public static final int TIME_PHASE_B = 3;
    public static final int TIME_PALETTE = 4;
    public static final int TIME_ENERGY = 5;
    public static final int TIME_COUNT = 6;

    public static final int INTRINSIC_INDEX = 0;
    public static final int INTRINSIC_NORMALIZED = 1;
    public static final int INTRINSIC_ELEMENT_ID = 2;
    public static final int INTRINSIC_GRID_X = 3;
    public static final int INTRINSIC_GRID_Y = 4;

    public static final Op TIME = new Source("time", true);
    public static final Op EXTERNAL = new Source("external", true);
    public static final Op STATE_READ = new Source("stateRead", true);
    public static final Op FIELD_STATE_READ = new Source("fieldStateRead", true);
    public static final Op INTRINSIC = new Source("intrinsic", false);
    /** Event sources: wrap of phase A / B and the pulse, filled by the time step. */
    public static final Op TIME_EVENT = new Source("timeEvent", true);

    record Source(String name, boolean source) implements Op {}
}
