package dev.lockstep.core;

import java.util.List;

/**
 * Thrown by {@link TaskGroup#join()} (or {@code close()}) when subtasks failed: the first failure
 * is the cause, every later one is suppressed, in the order they happened.
 */
public class TaskGroupFailedException extends TaskFailedException {
    private final String group;

    TaskGroupFailedException(String group, List<Throwable> failures) {
        super(failures.getFirst());
        this.group = group;
        for (int i = 1; i < failures.size(); i++) {
            addSuppressed(failures.get(i));
        }
    }

    /** The group's name. */
    public String group() {
        return group;
    }

    @Override
    public String getMessage() {
        int n = 1 + getSuppressed().length;
        return "TaskGroup '" + group + "': " + n + (n == 1 ? " subtask" : " subtasks") + " failed; first: "
                + getCause();
    }
}
