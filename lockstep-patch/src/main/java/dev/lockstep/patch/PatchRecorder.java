package dev.lockstep.patch;

import dev.lockstep.core.replay.Codecs;
import dev.lockstep.core.replay.Durability;
import dev.lockstep.core.replay.ReplayLog;
import dev.lockstep.core.replay.ReplayRecorder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Records a run of a patch into a lockstep-core replay log, so that {@link PatchReplay} reproduces
 * its frames bit for bit. The log holds everything a frame depends on: the patch's JSON text, its
 * compatibility mode, the seed and dt (logical time 0), and per tick (logical time = tick number + 1) the
 * tick's absolute time and, when it changed, the input vector (the program's channels in channel
 * order, as raw double bits). The run's tick count closes the log.
 *
 * <p>Record sources: {@code patch.json}, {@code patch.source}, {@code patch.compat}, {@code
 * patch.seed}, {@code patch.dt} at time 0; {@code tick.t} and {@code tick.in} at each tick; {@code
 * run.ticks} at the end.
 *
 * <p>Threading: one thread; the recorder owns its player. Appends allocate (this is not the
 * zero-allocation path; a plain {@link PatchPlayer} is).
 */
public final class PatchRecorder implements AutoCloseable {
    static final String JSON = "patch.json";
    static final String SOURCE = "patch.source";
    static final String COMPAT = "patch.compat";
    static final String SEED = "patch.seed";
    static final String DT = "patch.dt";
    static final String TICK_T = "tick.t";
    static final String TICK_IN = "tick.in";
    static final String TICKS = "run.ticks";

    private final ReplayRecorder log;
    private final PatchPlayer player;
    private long[] lastInputs;

    private PatchRecorder(ReplayRecorder log, PatchPlayer player) {
        this.log = log;
        this.player = player;
    }

    /**
     * Compiles {@code patchJson} and opens a new log at {@code logFile} (replaced if it exists).
     *
     * @param source the patch's name for messages (e.g. its file name)
     */
    public static PatchRecorder open(
            Path logFile, String patchJson, String source, Compatibility compat, long seed, double dtMs, int workers) {
        PatchProgram program = PatchCompiler.compile(Patch.parse(patchJson, source), compat);
        PatchPlayer player = PatchPlayer.builder(program)
                .seed(seed)
                .dtMs(dtMs)
                .workers(workers)
                .build();
        ReplayRecorder r = ReplayLog.recorder(logFile)
                .durability(Durability.onClose())
                .backgroundFlush(false)
                .replaceExisting(true)
                .open();
        r.append(0, JSON, patchJson, Codecs.STRING);
        r.append(0, SOURCE, source, Codecs.STRING);
        r.append(0, COMPAT, compat.name(), Codecs.STRING);
        r.append(0, SEED, seed, Codecs.LONG);
        r.append(0, DT, dtMs, Codecs.DOUBLE);
        return new PatchRecorder(r, player);
    }

    /** One tick at {@code ticks · dt} with {@code inputs}; recorded. */
    public RenderFrame tick(PatchInputs inputs) {
        return tickAt(player.ticks() * player.dtMs(), inputs);
    }

    /** One tick at {@code tAbsMs} with {@code inputs}; recorded. */
    public RenderFrame tickAt(double tAbsMs, PatchInputs inputs) {
        long t = player.ticks();
        player.applyInputs(inputs);
        double[] v = player.inputVector();
        long[] bits = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Double.doubleToRawLongBits(v[i]);
        }
        log.append(t + 1, TICK_T, tAbsMs, Codecs.DOUBLE);
        if (lastInputs == null || !Arrays.equals(bits, lastInputs)) {
            log.append(t + 1, TICK_IN, bits, Codecs.LONG_ARRAY);
            lastInputs = bits;
        }
        return player.tickAt(tAbsMs);
    }

    public PatchPlayer player() {
        return player;
    }

    /** Writes the tick count and closes the log and the player. */
    @Override
    public void close() {
        try {
            log.append(player.ticks() + 1, TICKS, player.ticks(), Codecs.LONG);
            log.close();
        } finally {
            player.close();
        }
    }
}
