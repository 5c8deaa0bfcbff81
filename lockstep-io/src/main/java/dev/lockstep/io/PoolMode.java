package dev.lockstep.io;

/** How a runtime's task pool behaves when it is full. */
public enum PoolMode {
    /** The pool grows (doubling) as tasks are spawned. */
    GROW,
    /** The pool keeps its size; spawning into a full pool throws {@link IllegalStateException}. */
    STATIC
}
