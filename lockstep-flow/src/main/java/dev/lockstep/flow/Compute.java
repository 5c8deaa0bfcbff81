package dev.lockstep.flow;

import dev.lockstep.core.Engine;
import dev.lockstep.flow.internal.ComputeOp;
import java.util.concurrent.Callable;

/**
 * Compute effects: a task on a lockstep-core {@link Engine} (CPU work; cancelled tasks that have
 * not started never run, running ones see {@code Engine.currentTaskCancelled()}), or blocking work
 * on a virtual thread (interrupted when cancelled). The task's value lands in the slot as it is.
 * Engine tasks count in the runtime's compute queue while they wait for a worker; a full queue
 * fails the effect with 429 (see the Backpressure section of the guide).
 */
public final class Compute {
    private Compute() {}

    /** {@code work} as an engine task; its value lands in {@code result} (may be null to drop it). */
    public static <T> Effect<T> task(Engine engine, String name, Slot<T> result, Callable<? extends T> work) {
        return new Effect<>(
                name, "compute", engine.name(), result, true, null, RetryPolicy.NONE, new ComputeOp(engine, work));
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
