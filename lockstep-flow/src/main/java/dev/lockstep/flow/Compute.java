package dev.lockstep.flow;

import dev.lockstep.core.Engine;
import java.util.concurrent.Callable;

/**
 * Compute effects: a task on a lockstep-core {@link Engine} (CPU work; cancelled tasks that have
 * not started never run, running ones see {@code Engine.currentTaskCancelled()}), or blocking work
 * on a virtual thread (interrupted when cancelled). The task's value lands in the slot as it is.
 */
public final class Compute {
    private Compute() {}

    /** {@code work} as an engine task; its value lands in {@code result} (may be null to drop it). */
    public static <T> Effect<T> task(Engine engine, String name, Slot<T> result, Callable<? extends T> work) {
        return new Effect<>(
                name, "compute", engine.name(), result, true, null, RetryPolicy.NONE, attempt -> engine.submit(work));
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
