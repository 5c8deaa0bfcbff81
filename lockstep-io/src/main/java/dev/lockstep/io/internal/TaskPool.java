package dev.lockstep.io.internal;

import dev.lockstep.io.PoolMode;
import dev.lockstep.io.TaskState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A runtime's task slots. GROW makes a new slot when none is free; STATIC holds exactly its size
 * and refuses a spawn beyond it with a clear error. {@link #acquire} may be called from any thread
 * (spawn), so the count of live tasks is an atomic reserved before the slot is taken, and the free
 * list is guarded by the pool's monitor (spawns are rare next to I/O).
 *
 * <p>Invariant: {@code live} counts slots whose task has not ended; a STATIC pool never has more
 * than its size ({@code aStaticPoolRefusesTheTaskBeyondItsSize}).
 */
public final class TaskPool {
    private final PoolMode mode;
    private final int size;
    private final Object runtime;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong generations = new AtomicLong();
    private final ArrayDeque<IoTaskRecord> free = new ArrayDeque<>();
    private final ArrayList<IoTaskRecord> all = new ArrayList<>();

    public TaskPool(PoolMode mode, int size, Object runtime) {
        this.mode = mode;
        this.size = size;
        this.runtime = runtime;
        if (mode == PoolMode.STATIC) {
            for (int i = 0; i < size; i++) {
                IoTaskRecord r = new IoTaskRecord(runtime);
                free.add(r);
                all.add(r);
            }
        }
    }

    /** A free slot for a new task, with a fresh generation. */
    public IoTaskRecord acquire() {
        int n = live.incrementAndGet();
        if (mode == PoolMode.STATIC && n > size) { // invariant: never more than size live tasks
            live.decrementAndGet();
            throw new IllegalStateException("the STATIC task pool of " + size
                    + " slots is full: no slot for another task (use PoolMode.GROW or a larger pool)");
        }
        IoTaskRecord r;
        synchronized (this) {
            r = free.poll();
            if (r == null) {
                r = new IoTaskRecord(runtime);
                all.add(r);
            }
        }
        r.setGeneration(generations.incrementAndGet());
        r.result = 0;
        r.value = null;
        r.pending = null;
        r.pendingTrigger = false;
        r.timedOut = false;
        r.cancelled = false;
        r.waitKind = IoTaskRecord.WAIT_NONE;
        r.deadline = IoTaskRecord.NO_DEADLINE;
        r.setState(TaskState.RUNNABLE);
        return r;
    }

    /** Frees the slot of a task that ended. Loop thread. */
    public void release(IoTaskRecord r) {
        r.setState(TaskState.DEAD);
        r.co = null;
        synchronized (this) {
            free.add(r);
        }
        live.decrementAndGet();
    }

    /** Tasks that have not ended. */
    public int live() {
        return live.get();
    }

    /** Ends every live task: cancels its operation and closes its coroutine. Loop thread. */
    public void closeAll(Backend backend) {
        ArrayList<IoTaskRecord> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(all);
        }
        for (IoTaskRecord r : snapshot) {
            if (r.state() != TaskState.DEAD && r.co != null) {
                backend.cancel(r);
                try {
                    r.co.close();
                } catch (RuntimeException e) {
                    // a task's cleanup failed while the runtime stops: nothing more to do with it
                }
                release(r);
            }
        }
    }
}
