package dev.lockstep.io;

/** Where a task of an {@link IoRuntime} is. */
public enum TaskState {
    /** In the run queue, or running. */
    RUNNABLE,
    /** Suspended until an I/O operation or a timer it started completes. */
    WAITING_IO,
    /** Suspended in {@link IoRuntime#park()} until {@link IoRuntime#trigger} is called for it. */
    WAITING_TRIGGER,
    /** Returned, failed or cancelled; its pool slot is free. */
    DEAD
}
