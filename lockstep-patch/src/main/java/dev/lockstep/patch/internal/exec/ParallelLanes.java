package dev.lockstep.patch.internal.exec;

import dev.lockstep.core.Engine;
import dev.lockstep.core.Future;
import dev.lockstep.patch.internal.ir.FieldCall;
import dev.lockstep.patch.internal.ir.FieldOp;

/**
 * A {@link LaneRunner} that splits a lane-local field kernel's lanes into {@code workers} contiguous
 * ranges when the call has at least {@link #threshold} lanes: ranges 1.. run as tasks on a
 * lockstep-core {@link Engine}, range 0 on the calling (ticking) thread, which then waits for the
 * others. Smaller calls and kernels that are not lane-local run whole on the calling thread.
 *
 * <p>Invariant: every lane is written by exactly one range and a lane-local kernel reads only its
 * own lanes of the output, so the bits do not depend on the split (the replay tests compare worker
 * counts 1, 2 and 4). Happens-before: the engine's submit publishes the call's operands to the
 * workers, and Future.join publishes the workers' writes back to the ticking thread.
 *
 * <p>Allocates one Future per range and parallel call (the sequential runner allocates nothing).
 */
public final class ParallelLanes implements LaneRunner, AutoCloseable {
    private final Engine engine;
    private final int workers;
    private final int threshold;
    private final Future<?>[] pending;

    public ParallelLanes(int workers, int threshold) {
        if (workers < 2) {
            throw new IllegalArgumentException("parallel lanes need at least 2 workers, got " + workers);
        }
        this.workers = workers;
        this.threshold = Math.max(1, threshold);
        this.engine = Engine.builder()
                .name("patch-lanes")
                .workers(workers - 1)
                .threadNamePrefix("patch-lanes-")
                .build();
        this.pending = new Future<?>[workers];
    }

    @Override
    public void run(FieldOp op, FieldCall call) {
        int n = call.n;
        if (n < threshold || !op.laneLocal()) {
            op.run(call, 0, n);
            return;
        }
        int per = (n + workers - 1) / workers;
        for (int w = 1; w < workers; w++) {
            int from = Math.min(n, w * per);
            int to = Math.min(n, from + per);
            pending[w] = from < to ? engine.submit(() -> op.run(call, from, to)) : null;
        }
        op.run(call, 0, Math.min(n, per));
        for (int w = 1; w < workers; w++) {
            Future<?> f = pending[w];
            pending[w] = null;
            if (f != null) {
                await(f, op);
            }
        }
    }

    @Override
    public void run(LaneRange range) {
        int n = range.lanes();
        if (n < threshold) {
            range.runRange(0, n);
            return;
        }
        int per = (n + workers - 1) / workers;
        for (int w = 1; w < workers; w++) {
            int from = Math.min(n, w * per);
            int to = Math.min(n, from + per);
            pending[w] = from < to ? engine.submit(() -> range.runRange(from, to)) : null;
        }
        range.runRange(0, Math.min(n, per));
        for (int w = 1; w < workers; w++) {
            Future<?> f = pending[w];
            pending[w] = null;
            if (f != null) {
                try {
                    f.join(); // the ticking thread waits for the other ranges
                } catch (RuntimeException e) {
                    throw new IllegalStateException("a segment of field kernels failed on a worker", e);
                }
            }
        }
    }

    private static void await(Future<?> f, FieldOp op) {
        try {
            f.join(); // blocks the ticking thread (not an engine worker) until the range is done
        } catch (RuntimeException e) {
            throw new IllegalStateException("field kernel " + op.name() + " failed on a worker", e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
