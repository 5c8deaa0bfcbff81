package dev.lockstep.patch;

import dev.lockstep.patch.internal.exec.FrameData;
import dev.lockstep.patch.internal.exec.LaneRunner;
import dev.lockstep.patch.internal.exec.Migrator;
import dev.lockstep.patch.internal.exec.ParallelLanes;
import dev.lockstep.patch.internal.exec.RingTracer;
import dev.lockstep.patch.internal.exec.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link PatchProgram} tick by tick and produces {@link RenderFrame}s. The output is a function
 * of the program, the seed and the inputs given to each tick ({@link PatchInputs}), nothing else:
 * time comes in as the tick's absolute time ({@link #tickAt}) or as a fixed step ({@link #tick()}).
 *
 * <p>Owns: the current runner (program revision bound to its banks), the frame buffers, the
 * pending swap, the trace ring ({@link #trace()}), the health monitor ({@link #health()}) and, with
 * workers, the lane engine.
 *
 * <p>Hot swap ({@link #swapAsync}): the new revision is compiled, linked and its stable steps run on
 * a background thread while this player keeps ticking the old one; the finished runner is published
 * through {@code pending} (an AtomicReference: release on set, acquire on the tick's get, so the
 * ticking thread sees a fully built runner). The first tick that finds it migrates state (by state
 * id, see {@link StateMigration}), carries time (tMs, previous tAbs) and the tick counter over,
 * copies input channels by name, and switches runners, all on the ticking thread between two ticks:
 * the old runner is idle, so nothing is read while being written. Invariant: no tick is skipped or
 * repeated across a swap (frame numbers and tMs continue; pinned by {@code
 * swapKeepsFrameNumbersAndTimeContinuous}). A second swap published before the first was applied
 * supersedes it (the first's future fails with CancellationException).
 *
 * <p>Threading: one thread ticks a player. {@link #swapAsync}, {@link #trace()} switches and {@link
 * #health()} snapshots are safe from any thread. The frame returned is a view of buffers the next
 * tick overwrites; copy it to keep it. No allocation per tick once warm (sequential lanes, no trace,
 * no errors): pinned by {@code NoAllocationTest}.
 */
public final class PatchPlayer implements AutoCloseable {
    private Runner runner; // ticking thread only
    private PatchProgram program; // ticking thread only
    private final FrameData frameData = new FrameData();
    private final RenderFrame frame = new RenderFrame(frameData);
    private final double dtMs;
    private final long seed;
    private final LaneRunner lanes;
    private final RingTracer ring;
    private final PatchTrace trace;
    private final HealthMonitor health;
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    private ExecutorService compiler; // guarded by this
    private long ticks;
    private List<StateMigration> lastMigration = List.of();

    private record Pending(PatchProgram program, Runner runner, CompletableFuture<List<StateMigration>> done) {}

    private PatchPlayer(Builder b) {
        this.seed = b.seed;
        this.dtMs = b.dtMs;
        this.lanes = b.workers <= 1 ? LaneRunner.SEQUENTIAL : new ParallelLanes(b.workers, b.parallelThreshold);
        this.ring = new RingTracer(b.traceCapacity, b.traceLanes);
        this.trace = new PatchTrace(ring);
        this.health = b.health != null ? b.health : new HealthMonitor();
        this.program = b.program;
        this.runner = link(b.program);
    }

    private Runner link(PatchProgram p) {
        Runner r = new Runner(p.ir, health.sink, lanes, ring, seed);
        if (p.compatibility == Compatibility.OSCILLA) {
            r.continuity(360);
        }
        return r;
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
        if (pending.get() != null) {
            applySwapSlowPath();
        }
        Runner r = runner;
        health.beginTick(r.tickNumber());
        r.tick(tAbsMs, frameData);
        health.endTick();
        ticks++;
        return frame;
    }

    /** One tick with {@code inputs} applied first (channels the program does not read are ignored). */
    public RenderFrame tickAt(double tAbsMs, PatchInputs inputs) {
        applyInputs(inputs);
        return tickAt(tAbsMs);
    }

    /** {@link #tick()} with {@code inputs} applied first. */
    public RenderFrame tick(PatchInputs inputs) {
        return tickAt(ticks * dtMs, inputs);
    }

    void applyInputs(PatchInputs inputs) {
        if (pending.get() != null) {
            applySwapSlowPath();
        }
        List<String> channels = program.inputChannels();
        double[] v = runner.inputs();
        for (int c = 0; c < channels.size(); c++) {
            double[] x = inputs.values.get(channels.get(c));
            if (x != null) {
                int off = runner.inputOffset(c);
                int n = Math.min(x.length, runner.inputStride(c));
                System.arraycopy(x, 0, v, off, n);
            }
        }
    }

    /** The input vector the next tick reads (channel order of the program); for the recorder. */
    double[] inputVector() {
        return runner.inputs();
    }

    public long ticks() {
        return ticks;
    }

    public double dtMs() {
        return dtMs;
    }

    public long seed() {
        return seed;
    }

    /** The program the next tick runs (a published swap is applied by that tick). */
    public PatchProgram program() {
        return program;
    }

    // ---- hot swap ----

    /**
     * Compiles {@code patch} (with the current program's compatibility) on a background thread and
     * swaps it in at the first tick boundary after compilation; see the class comment. The future
     * completes, on the ticking thread, with the migration report when the swap is applied, or
     * exceptionally with the {@link PatchException} if the patch does not compile (the old program
     * keeps running). Ticks must go on for the swap to apply.
     */
    public CompletableFuture<List<StateMigration>> swapAsync(Patch patch) {
        CompletableFuture<List<StateMigration>> done = new CompletableFuture<>();
        Compatibility compat = program.compatibility;
        compilerThread().execute(() -> {
            try {
                PatchProgram p = PatchCompiler.compile(patch, compat);
                Runner r = link(p);
                r.prepare(); // stable steps off the ticking thread
                Pending old = pending.getAndSet(new Pending(p, r, done)); // release: r is fully built
                if (old != null) {
                    old.done.completeExceptionally(
                            new CancellationException("superseded by a later swap before it was applied"));
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** The report of the last applied swap (empty before any). */
    public List<StateMigration> lastMigration() {
        return lastMigration;
    }

    private synchronized ExecutorService compilerThread() {
        if (compiler == null) {
            compiler = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon().name("patch-compile").factory());
        }
        return compiler;
    }

    private void applySwapSlowPath() {
        Pending p = pending.getAndSet(null); // acquire: sees the runner as the compiler thread built it
        if (p == null) {
            return;
        }
        Runner old = runner;
        List<StateMigration> report = new ArrayList<>();
        for (Migrator.Entry e : Migrator.migrate(old, p.runner)) {
            report.add(new StateMigration(
                    e.stateId(), StateMigration.Action.valueOf(e.action().toUpperCase(Locale.ROOT)), e.diagnostic()));
        }
        copyInputs(old, program, p.runner, p.program);
        p.runner.timeState(old.timeState(), old.tickNumber()); // time and frame numbers continue
        runner = p.runner;
        program = p.program;
        lastMigration = List.copyOf(report);
        p.done.complete(lastMigration);
    }

    private static void copyInputs(Runner from, PatchProgram fp, Runner to, PatchProgram tp) {
        List<String> oldCh = fp.inputChannels();
        List<String> newCh = tp.inputChannels();
        for (int c = 0; c < newCh.size(); c++) {
            int o = oldCh.indexOf(newCh.get(c));
            if (o >= 0) {
                int n = Math.min(from.inputStride(o), to.inputStride(c));
                System.arraycopy(from.inputs(), from.inputOffset(o), to.inputs(), to.inputOffset(c), n);
            }
        }
    }

    // ---- trace, attribution, health ----

    /** The trace buffer; switch it on and off while running. */
    public PatchTrace trace() {
        return trace;
    }

    /** Where the value of {@code blockId}'s output {@code port} comes from and goes to (current program). */
    public Attribution attribution(String blockId, String port) {
        return Attributions.of(program, runner, blockId, port);
    }

    public HealthMonitor health() {
        return health;
    }

    /** Stops the compile thread and the lane engine. */
    @Override
    public void close() {
        synchronized (this) {
            if (compiler != null) {
                compiler.shutdownNow();
            }
        }
        if (lanes instanceof ParallelLanes pl) {
            pl.close();
        }
    }

    /** Configures a player. */
    public static final class Builder {
        private final PatchProgram program;
        private long seed;
        private double dtMs = 16.667;
        private int workers = 1;
        private int parallelThreshold = 16384;
        private int traceCapacity = 1 << 16;
        private int traceLanes = 8;
        private HealthMonitor health;

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

        /** Threads running a large field step's lanes (1: all on the ticking thread). Same bits for any count. */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + n);
            }
            this.workers = n;
            return this;
        }

        /** Lanes from which a field step is split across workers (default 16384). */
        public Builder parallelThreshold(int lanes) {
            if (lanes < 1) {
                throw new IllegalArgumentException("parallel threshold must be at least 1 lane, got " + lanes);
            }
            this.parallelThreshold = lanes;
            return this;
        }

        /** Trace ring size in entries and lanes recorded per field step. */
        public Builder trace(int capacity, int lanesPerStep) {
            this.traceCapacity = capacity;
            this.traceLanes = lanesPerStep;
            return this;
        }

        public Builder health(HealthMonitor monitor) {
            this.health = monitor;
            return this;
        }

        public PatchPlayer build() {
            return new PatchPlayer(this);
        }
    }
}
