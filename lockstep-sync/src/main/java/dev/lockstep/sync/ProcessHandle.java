package dev.lockstep.sync;

import dev.lockstep.sync.internal.Kernel;
import dev.lockstep.sync.internal.Task;

/** A forked process, for {@link Sync#join(ProcessHandle)}. Returned by {@link Sync#fork(Process)}. */
public final class ProcessHandle {
    final Task task;
    private final Kernel kernel;

    ProcessHandle(Kernel kernel, Task task) {
        this.kernel = kernel;
        this.task = task;
    }

    /** The process's name ({@code process-<n>}), as error messages give it. */
    public String name() {
        return task.name();
    }

    /** Whether the process has ended: returned, or been killed. */
    public boolean isDone() {
        return kernel.isOver(task);
    }

    @Override
    public String toString() {
        return "process '" + task.name() + "'";
    }
}
