package dev.lockstep.io.internal;

import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.io.TaskState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One slot of a runtime's task pool: the coroutine of the task it runs now, its state and the
 * result of the operation it waits for. A slot is reused after its task ends; {@link #generation}
 * tells one occupant from the next, so a stale handle or completion never reaches a new task.
 *
 * <p>Every field is written by the runtime's loop thread (or inside the task, which that thread
 * resumes), except that other threads read {@link #state} and {@link #generation} through
 * opaque accessors for {@code TaskHandle.state()}: a hint that may be momentarily stale.
 */
public final class IoTaskRecord {
    private static final VarHandle STATE;
    private static final VarHandle GENERATION;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(IoTaskRecord.class, "state", TaskState.class);
            GENERATION = l.findVarHandle(IoTaskRecord.class, "generation", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Object runtime;
    public Coroutine<IoTaskRecord> co;

    @SuppressWarnings("unused") // through STATE
    private TaskState state = TaskState.DEAD;

    @SuppressWarnings("unused") // through GENERATION
    private long generation;

    /** The result of the operation the task waited for: a byte count or descriptor (>= 0) or -errno. */
    public long result;
    /** The object an operation produced (an accepted channel), or null. */
    public Object value;
    /** The backend's state for the operation the task waits for (for cancellation), or null. */
    public Object pending;
    /** Set when a trigger arrived while the task was not parked: its next park returns at once. */
    public boolean pendingTrigger;
    /** Set when the operation's timeout cancelled it: the task reports TIMED_OUT. */
    public boolean timedOut;
    /** Bumped each time the task waits; a timer or completion for an older wait is ignored. */
    public long waitSeq;
    /** Set when {@code IoRuntime.cancel} ended the wait: the task reports CANCELLED. */
    public boolean cancelled;
    /** What the task waits for now: one of the {@code WAIT_} constants (loop thread only). */
    public byte waitKind;
    /** The deadline of the task's innermost deadline scope ({@code System.nanoTime}), or {@link #NO_DEADLINE}. */
    public long deadline = NO_DEADLINE;

    /** The deadline of the task's pending timer ({@link TimerHeap}); meaningful while {@link #timerIndex} >= 0. */
    long timerAt;
    /** The pending timer's arming order, the tie-break of equal deadlines. */
    long timerSeq;
    /** Whether the pending timer ends the wait with TIMED_OUT (false: it ends a sleep). */
    boolean timerIsTimeout;
    /** The record's position in its runtime's {@link TimerHeap}, or -1 when it has no pending timer. */
    int timerIndex = -1;

    /** The pending timer's deadline ({@code System.nanoTime}). */
    public long timerAt() {
        return timerAt;
    }

    /** Whether the pending timer (just taken from the heap) is a timeout rather than a sleep's end. */
    public boolean timerIsTimeout() {
        return timerIsTimeout;
    }

    /** No deadline scope is open. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Not waiting. */
    public static final byte WAIT_NONE = 0;
    /** Waiting for a backend operation (its cancel ends the wait). */
    public static final byte WAIT_IO = 1;
    /** Sleeping until a timer. */
    public static final byte WAIT_SLEEP = 2;
    /** Waiting for blocking work on the runtime's pool. */
    public static final byte WAIT_OFFLOAD = 3;
    /** Parked until a trigger. */
    public static final byte WAIT_TRIGGER = 4;

    IoTaskRecord(Object runtime) {
        this.runtime = runtime;
    }

    /** The runtime that owns this slot (an {@code IoRuntime}). */
    public Object runtime() {
        return runtime;
    }

    public TaskState state() {
        return (TaskState) STATE.getOpaque(this);
    }

    public void setState(TaskState s) {
        STATE.setOpaque(this, s);
    }

    public long generation() {
        return (long) GENERATION.getOpaque(this);
    }

    void setGeneration(long g) {
        GENERATION.setOpaque(this, g);
    }
}
