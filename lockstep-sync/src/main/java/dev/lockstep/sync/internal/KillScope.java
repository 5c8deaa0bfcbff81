package dev.lockstep.sync.internal;

/**
 * One entry into {@code withKill} (or {@code watch}): the kill it runs under, the task that entered
 * it (its owner), the enclosing scope and the guards in force at entry. A task's scopes form a chain
 * (innermost first) that forked children inherit.
 *
 * <p>When the kill is aborted, the outermost aborted scope of a task's chain decides its fate: if
 * the task owns it, the task is preempted (its body unwinds to that {@code withKill} and the code
 * after it continues in the next instant, under {@link #outerGuards} and {@link #parent}); otherwise
 * the task was forked inside it and is dropped.
 *
 * <p>A {@code watch} scope is also linked into its signal's watcher list ({@code wPrev}/{@code
 * wNext}) while its body runs.
 */
final class KillScope {
    final KillCore kill;
    final Task owner;
    final KillScope parent;
    final GuardNode outerGuards;
    SignalCore watched;
    KillScope wPrev;
    KillScope wNext;
    /** Memo of the kernel's outermostAborted for the chain from here outward, and its epoch. */
    KillScope memo;

    long memoEpoch = -1;

    KillScope(KillCore kill, Task owner, KillScope parent, GuardNode outerGuards) {
        this.kill = kill;
        this.owner = owner;
        this.parent = parent;
        this.outerGuards = outerGuards;
    }
}
