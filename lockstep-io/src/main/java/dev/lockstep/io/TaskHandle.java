package dev.lockstep.io;

import dev.lockstep.io.internal.IoTaskRecord;

/** A task spawned on an {@link IoRuntime}, for {@link IoRuntime#trigger} and for its state. */
public final class TaskHandle {
    final IoTaskRecord record;
    final long generation;

    TaskHandle(IoTaskRecord record, long generation) {
        this.record = record;
        this.generation = generation;
    }

    /** Its state; DEAD once it ended (its slot may since run another task). */
    public TaskState state() {
        return record.generation() == generation ? record.state() : TaskState.DEAD;
    }

    /** Its name ({@code io-task-<n>}). */
    public String name() {
        return "io-task-" + generation;
    }

    @Override
    public String toString() {
        return "task '" + name() + "' (" + state() + ")";
    }
}
