package dev.lockstep.patch;

import dev.lockstep.patch.internal.exec.FrameData;
import dev.lockstep.patch.internal.exec.LaneRunner;
import dev.lockstep.patch.internal.exec.Runner;
import dev.lockstep.patch.internal.exec.RuntimeErrors;
import dev.lockstep.patch.internal.exec.Tracer;

/**
 * Runs a {@link PatchProgram} tick by tick and produces {@link RenderFrame}s. The output is a function
 * of the program, the seed and the inputs given to each tick, nothing else: time comes in as the
 * tick's absolute time ({@link #tickAt}) or as a fixed step ({@link #tick()}).
 *
 * <p>Threading: one thread ticks a player. The frame returned is a view of buffers the next tick
 * overwrites; copy it to keep it.
 */
public final class PatchPlayer {
    private final Runner runner;
    private final FrameData frameData = new FrameData();
    private final RenderFrame frame = new RenderFrame(frameData);
    private final double dtMs;
    private long ticks;

    private PatchPlayer(Builder b) {
        RuntimeErrors errors = (kind, block, step, tick, detail) -> {};
        runner = new Runner(b.program.ir, errors, LaneRunner.SEQUENTIAL, Tracer.OFF, b.seed);
        if (b.program.compatibility == Compatibility.OSCILLA) {
            runner.continuity(360);
        }
        this.dtMs = b.dtMs;
    }

    public static Builder builder(PatchProgram program) {
        return new Builder(program);
    }

    /** One tick at {@code frame · dt} (frames counted from 0). */
    public RenderFrame tick() {
        return tickAt(ticks * dtMs);
    }

    /** One tick at absolute time {@code tAbsMs} (time never runs backwards: tMs = max(tAbsMs, previous tMs)). */
    public RenderFrame tickAt(double tAbsMs) {
        runner.tick(tAbsMs, frameData);
        ticks++;
        return frame;
    }

    public long ticks() {
        return ticks;
    }

    /** Configures a player. */
    public static final class Builder {
        private final PatchProgram program;
        private long seed;
        private double dtMs = 16.667;

        private Builder(PatchProgram program) {
            this.program = program;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder dtMs(double dt) {
            if (!(dt > 0) || Double.isInfinite(dt)) {
                throw new IllegalArgumentException("dt must be a positive number of ms, got " + dt);
            }
            this.dtMs = dt;
            return this;
        }

        public PatchPlayer build() {
            return new PatchPlayer(this);
        }
    }
}
