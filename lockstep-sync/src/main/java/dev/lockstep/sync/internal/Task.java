package dev.lockstep.sync.internal;

import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.sync.Process;

/**
 * One process of a machine: its coroutine, its guard and kill chains, and where it is. A task is in
 * exactly one place, named by {@link #state}: the current queue (RUNNABLE, or running), the next
 * queue (NEXT), one {@link WaitList} (WAITING, GUARD, PRESENCE; {@link #in} names it), or nowhere
 * (DONE, DEAD). The {@link Kernel} performs every change of place.
 */
public final class Task {
    static final int RUNNABLE = 0;
    static final int NEXT = 1;
    static final int WAITING = 2;
    static final int GUARD = 3;
    static final int PRESENCE = 4;
    static final int DONE = 5;
    static final int DEAD = 6;

    final long id;
    /**
     * Its coroutine: null until it first blocks when it runs on the kernel's runners (then the
     * runner it blocked in), else created with the task; see Kernel's runner section.
     */
    Coroutine<?> co;
    /** Its body until it starts (the runner section runs it without a coroutine of its own). */
    Process body;

    int state;

    GuardNode guards;
    KillScope kills;
    /** How many when/withKill bodies this task is running inline inside each other. */
    int nesting;
    /** The scope this task is being preempted to; set by the kernel, cleared by its withKill. */
    KillScope preempt;

    /** The value a wake-up delivers (await, awaitImmediate). */
    Object value;
    /** Set when a presence test timed out at the end of the instant: run the else branch. */
    boolean absent;

    WaitList in;
    Task wPrev;
    Task wNext;

    Task lPrev;
    Task lNext;

    WaitList joiners;
    JoinGroup group;

    boolean inGuardList;
    boolean inPresenceList;

    // ---- parallel instants (Speculator) ----
    /** The speculation state of this task's current publication; accessed only through Speculator.SPEC. */
    int spec;
    /** Set by a speculator while it runs this task's segment (read by the gate, on that thread). */
    boolean speculating;
    /** What the speculated segment threw (published by the spec word). */
    Throwable specFailure;
    /** The engine task that speculates this task (allocated at its first publication). */
    Runnable specRun;

    Task(long id) {
        this.id = id;
    }

    /** {@code main} for the program, {@code process-<id>} for the others. */
    public String name() {
        return id == 0 ? "main" : "process-" + id;
    }

    /** Whether it has returned or been killed. */
    public boolean isOver() {
        return state >= DONE;
    }

    @Override
    public String toString() {
        return "process '" + name() + "'";
    }
}
