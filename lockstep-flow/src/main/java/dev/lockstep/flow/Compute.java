package dev.lockstep.flow;

import dev.lockstep.core.Engine;
import dev.lockstep.flow.internal.ComputeLanes;
import dev.lockstep.flow.internal.ComputeOp;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Compute effects: a task on a lockstep-core {@link Engine} (CPU work; cancelled tasks that have
 * not started never run, running ones see {@code Engine.currentTaskCancelled()}), or blocking work
 * on a virtual thread (interrupted when cancelled). The task's value lands in the slot as it is.
 * Engine tasks count in the runtime's compute queue while they wait for a worker; a full queue
 * fails the effect with 429 (see the Backpressure section of the guide).
 *
 * <p>Priority: an engine's compute tasks wait in three lanes in front of it, and at most the
 * engine's parallelism of them run at once; the next to start is the oldest of the highest
 * priority waiting. CPU budget: a task that used more CPU time than its budget (its thread's CPU
 * time, measured around the task) fails the effect with 503 "compute budget exceeded", naming the
 * effect; a long task may check {@link #budgetExceeded()} and stop early.
 */
public final class Compute {
    private Compute() {}

    /** The priority of a compute task among those waiting for the same engine. */
    public enum Priority {
        HIGH,
        NORMAL,
        LOW
    }

    /** {@code work} as an engine task at NORMAL priority, without a CPU budget; its value lands in {@code result} (may be null to drop it). */
    public static <T> Effect<T> task(Engine engine, String name, Slot<T> result, Callable<? extends T> work) {
        return task(engine, name, result, Priority.NORMAL, null, work);
    }

    /**
     * {@code work} as an engine task at {@code priority} under {@code cpuBudget} (null: none); its
     * value lands in {@code result} (may be null to drop it).
     */
    public static <T> Effect<T> task(
            Engine engine,
            String name,
            Slot<T> result,
            Priority priority,
            Duration cpuBudget,
            Callable<? extends T> work) {
        if (cpuBudget != null && (cpuBudget.isNegative() || cpuBudget.isZero())) {
            throw new IllegalArgumentException(
                    "compute effect '" + name + "': the CPU budget must be positive, got " + cpuBudget);
        }
        return new Effect<>(
                name,
                "compute",
                engine.name(),
                result,
                true,
                null,
                RetryPolicy.NONE,
                new ComputeOp(engine, name, priority == null ? Priority.NORMAL : priority, cpuBudget, work));
    }

    /**
     * Inside a compute task: whether it has used more CPU time than its budget (the effect will
     * fail however it ends, so it may as well stop). False outside a task or without a budget.
     */
    public static boolean budgetExceeded() {
        return ComputeLanes.budgetExceeded();
    }

    /** {@code work} on a fresh virtual thread, interrupted if the effect is cancelled. */
    public static <T> Effect<T> blocking(String name, Slot<T> result, Callable<? extends T> work) {
        return new Effect<>(
                name,
                "compute.blocking",
                "",
                result,
                true,
                null,
                RetryPolicy.NONE,
                attempt -> Blocking.start(name, work));
    }
}
