package dev.lockstep.core;

import dev.lockstep.core.cancel.CancellationToken;
import java.util.Objects;

/**
 * How a {@link TaskGroup} behaves. Immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods.
 *
 * @param name shown in error messages and {@code toString}
 * @param cancelOnFailure when a subtask fails, cancel the others (default true)
 * @param maxConcurrent at most this many subtasks of the group run or wait in the engine's queues
 *     at once; the rest wait in the group, in fork order. 0 means no limit (the default)
 * @param parent a token whose cancellation cancels the group (default {@link CancellationToken#NONE})
 */
public record TaskGroupOptions(String name, boolean cancelOnFailure, int maxConcurrent, CancellationToken parent) {
    public TaskGroupOptions {
        Objects.requireNonNull(name, "TaskGroupOptions: name is null");
        Objects.requireNonNull(parent, "TaskGroupOptions: parent token is null (use CancellationToken.NONE)");
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException(
                    "TaskGroupOptions '" + name + "': maxConcurrent " + maxConcurrent + " is negative (0 = no limit)");
        }
    }

    /** Name "group", cancel on failure, no concurrency limit, no parent token. */
    public static TaskGroupOptions defaults() {
        return new TaskGroupOptions("group", true, 0, CancellationToken.NONE);
    }

    public TaskGroupOptions withName(String name) {
        return new TaskGroupOptions(name, cancelOnFailure, maxConcurrent, parent);
    }

    public TaskGroupOptions withCancelOnFailure(boolean cancelOnFailure) {
        return new TaskGroupOptions(name, cancelOnFailure, maxConcurrent, parent);
    }

    public TaskGroupOptions withMaxConcurrent(int maxConcurrent) {
        return new TaskGroupOptions(name, cancelOnFailure, maxConcurrent, parent);
    }

    public TaskGroupOptions withParent(CancellationToken parent) {
        return new TaskGroupOptions(name, cancelOnFailure, maxConcurrent, parent);
    }
}
