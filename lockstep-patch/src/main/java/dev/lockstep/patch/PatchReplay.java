package dev.lockstep.patch;

import dev.lockstep.core.replay.ReplayCursor;
import dev.lockstep.core.replay.ReplayLog;
import dev.lockstep.core.replay.ReplayRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays a {@link PatchRecorder} log: compiles the recorded patch, builds a player with the
 * recorded seed and dt (and the worker count asked for: any count gives the same bits), and runs
 * the recorded ticks with the recorded times and inputs. The whole log is verified before the first
 * tick (lockstep-core's cursor), and a tick that would skip recorded inputs fails with the core's
 * divergence error instead of running on.
 *
 * <p>Threading: one thread.
 */
public final class PatchReplay implements AutoCloseable {
    private final ReplayCursor cursor;
    private final PatchPlayer player;
    private final String patchJson;
    private final String source;
    private long ticks = -1;

    private PatchReplay(ReplayCursor cursor, PatchPlayer player, String patchJson, String source) {
        this.cursor = cursor;
        this.player = player;
        this.patchJson = patchJson;
        this.source = source;
    }

    /** Opens {@code logFile} and prepares the player; {@code workers} as in {@link PatchPlayer.Builder#workers}. */
    public static PatchReplay open(Path logFile, int workers) {
        return open(logFile, workers, 16384);
    }

    /** {@link #open(Path, int)} with the lane count from which field steps are split across workers. */
    public static PatchReplay open(Path logFile, int workers, int parallelThreshold) {
        ReplayCursor c = ReplayLog.cursor(logFile);
        String json = null;
        String source = null;
        Compatibility compat = Compatibility.INTENDED;
        long seed = 0;
        double dt = 16.667;
        for (ReplayRecord r : c.recordsAt(0)) {
            switch (r.source()) {
                case PatchRecorder.JSON -> json = r.value(String.class);
                case PatchRecorder.SOURCE -> source = r.value(String.class);
                case PatchRecorder.COMPAT -> compat = Compatibility.valueOf(r.value(String.class));
                case PatchRecorder.SEED -> seed = r.value(Long.class);
                case PatchRecorder.DT -> dt = r.value(Double.class);
                default -> {
                    c.close();
                    throw new PatchException("replay log " + logFile + ": the header has a record from '" + r.source()
                            + "' before the patch text, which a patch recording never writes");
                }
            }
        }
        if (json == null) {
            c.close();
            throw new PatchException("replay log " + logFile + " holds no patch text (source '" + PatchRecorder.JSON
                    + "'): not a patch recording");
        }
        PatchProgram program = PatchCompiler.compile(Patch.parse(json, source == null ? "replay" : source), compat);
        PatchPlayer player = PatchPlayer.builder(program)
                .seed(seed)
                .dtMs(dt)
                .workers(workers)
                .parallelThreshold(parallelThreshold)
                .build();
        return new PatchReplay(c, player, json, source);
    }

    public String patchJson() {
        return patchJson;
    }

    public String source() {
        return source;
    }

    public PatchPlayer player() {
        return player;
    }

    /** Whether a recorded tick remains. */
    public boolean hasNext() {
        return ticks < 0 || player.ticks() < ticks;
    }

    /** Runs the next recorded tick; null when the recording has ended. */
    public RenderFrame next() {
        long t = player.ticks();
        double tAbs = Double.NaN;
        List<ReplayRecord> recs = cursor.recordsAt(t + 1); // tick t is logged at time t + 1 (0 is the header)
        for (ReplayRecord r : recs) {
            switch (r.source()) {
                case PatchRecorder.TICK_T -> tAbs = r.value(Double.class);
                case PatchRecorder.TICK_IN -> {
                    long[] bits = r.value(long[].class);
                    double[] v = player.inputVector();
                    for (int i = 0; i < Math.min(bits.length, v.length); i++) {
                        v[i] = Double.longBitsToDouble(bits[i]);
                    }
                }
                case PatchRecorder.TICKS -> ticks = r.value(Long.class);
                default ->
                    throw new PatchException("replay log: unexpected record from '" + r.source() + "' at tick " + t);
            }
        }
        if (Double.isNaN(tAbs)) {
            return null; // the end record: no tick was recorded here
        }
        return player.tickAt(tAbs);
    }

    @Override
    public void close() {
        cursor.close();
        player.close();
    }
}
