package dev.lockstep.flow.internal;

import dev.lockstep.core.Engine;
import dev.lockstep.core.Future;
import dev.lockstep.flow.Compute;
import dev.lockstep.flow.Operation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The operation of a compute effect ({@code Compute.task}): queues its work in the engine's {@link
 * ComputeLanes} at the effect's priority, under its CPU budget. Started by the runtime through
 * {@link #submit}, the task counts in the runtime's compute queue from its submission until it
 * starts on a worker, or until its future completes without having started (it was cancelled
 * while it waited, so it never runs), whichever comes first: {@link Counted#leave} is a CAS, so it
 * counts out exactly once ({@code computeQueueCountsEachTaskOutOnce}).
 */
public final class ComputeOp implements Operation {
    private final Engine engine;
    private final String name;
    private final Compute.Priority priority;
    private final Duration budget;
    private final Callable<?> work;

    public ComputeOp(Engine engine, String name, Compute.Priority priority, Duration budget, Callable<?> work) {
        this.engine = engine;
        this.name = name;
        this.priority = priority;
        this.budget = budget;
        this.work = work;
    }

    /** Unbounded: the work in the engine's lanes (how it runs outside a runtime's admission). */
    @Override
    public Future<?> start(int attempt) {
        return ComputeLanes.of(engine).submit(name, priority, budget, work, null);
    }

    /** The work in the engine's lanes, counted in {@code admission}'s compute queue; the caller entered it. */
    Future<?> submit(Admission admission) {
        Counted<?> c = new Counted<>(work, admission);
        Future<?> f;
        try {
            f = ComputeLanes.of(engine).submit(name, priority, budget, work, c::leave);
        } catch (RuntimeException e) {
            c.leave(); // rejected: never queued
            throw e;
        }
        f.onComplete((v, e) -> c.leave());
        return f;
    }

    private static final class Counted<T> implements Callable<T> {
        private static final VarHandle LEFT;

        static {
            try {
                LEFT = MethodHandles.lookup().findVarHandle(Counted.class, "left", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Callable<T> work;
        private final Admission admission;

        @SuppressWarnings("unused") // CAS through LEFT
        private volatile int left;

        @SuppressWarnings("unchecked")
        Counted(Callable<?> work, Admission admission) {
            this.work = (Callable<T>) work;
            this.admission = admission;
        }

        void leave() {
            if (LEFT.compareAndSet(this, 0, 1)) { // computeQueueCountsEachTaskOutOnce
                admission.leaveCompute();
            }
        }

        @Override
        public T call() throws Exception {
            leave(); // started: no longer waiting
            return work.call();
        }
    }
}
