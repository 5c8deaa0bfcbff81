package dev.lockstep.core.internal;

import dev.lockstep.core.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One injection lane of a {@link Scheduler}: an unbounded FIFO queue that many threads push to,
 * one at a time under a CAS lock, and that workers take from concurrently without the lock.
 *
 * <h2>Overview</h2>
 *
 * <p>State: a circular {@code array} (length a power of two, replaced by a copy twice as long when
 * full), {@code tail} (next index to fill; written only under the lock) and {@code head} (next index
 * to take). Index {@code k} lives in slot {@code k & mask}. Invariant: a slot is non-null exactly
 * while it holds a task not yet taken; nobody ever reads a stale task from a slot
 * ({@code injectedTasksAreTakenExactlyOnceInOrder}).
 *
 * <ul>
 *   <li><b>push</b> (lock held): if {@code tail - head} has reached the length the lane is full:
 *       grow. Then a release store of the task into the slot, and {@code tail + 1} (plain: only
 *       lock holders read it, and the lock's CAS and release hand it over). The producer never
 *       reuses a slot before {@code head} has passed its previous index: a slot that is already
 *       null is not enough, since its claimer may not have moved {@code head} yet, and a taker with
 *       that head would then claim the new task out of order and leave a hole at {@code head}
 *       ({@code injectedTasksAreTakenExactlyOnceInOrder}). {@code head} is read only when a cached
 *       lower bound of it ({@code headBound}) says the lane may be full, so a push does not touch
 *       the takers' cache line.
 *   <li><b>poll</b> (any thread): read {@code head}, the array, the slot at head. Null means empty
 *       (or a push or a take in flight: see below). Otherwise claim the task by CAS of the slot from
 *       the task to null, the claim itself; only the claimer then moves {@code head} to the next
 *       index (release store), since no one else can claim the now-null slot. A CAS that fails means
 *       someone else took it: retry. A task object is never pushed twice, so a slot that was
 *       emptied and refilled while a slow taker waited cannot match its expected task (no ABA).
 *   <li><b>grow</b> (lock held): claims every live task of the old array with getAndSet(null) and
 *       copies it to the same index of the new array, then publishes the new array with a release
 *       store. A taker racing on the old array either claimed the task first (the copy skips it) or
 *       finds null and, seeing a new array, looks again there.
 * </ul>
 *
 * <p>"Empty" answers are momentarily wrong in two windows: between a claim and the head update (the
 * claimer is a worker that will scan again after running its task), and during a growth, after the
 * old slots are claimed and before the new array is published (the grower is a submitter, and a
 * push that grew always fences and signals). Neither strands a task; the scheduler's wake-up
 * argument relies on exactly that. For the same reason {@code poll} and {@code isEmpty} are not
 * linearizable against a concurrent growth, so the lane is pinned by stress tests (exactly once, in
 * order, across growths and wrap-around) rather than by a Lincheck model.
 *
 * <p>Padding: {@code head} and the {@code array} reference takers read sit on one cache line, the
 * lock, {@code tail} and the submitters' own copy of the array reference on another: measured with
 * perf, a {@code submit1e6} submitter spent twice the CPU of ForkJoinPool's while the two ends
 * shared lines.
 *
 * <p>{@code closedState} mirrors the scheduler's run state for submitters: it is written and read
 * only under the lock, so a submitter that takes the lock after a state change sees it.
 */
final class InjectionLane extends InjectionLaneSubmitterSide {
    private static final VarHandle HEAD;
    private static final VarHandle LOCK;
    private static final VarHandle ARRAY;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final int MAX_CAPACITY = 1 << 30;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(InjectionLaneHead.class, "head", long.class);
            LOCK = l.findVarHandle(InjectionLaneSubmitterSide.class, "lock", int.class);
            ARRAY = l.findVarHandle(InjectionLaneHead.class, "array", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    InjectionLane(int initialCapacity) {
        Object[] a = new Object[Integer.highestOneBit(Math.max(2, initialCapacity - 1) << 1)];
        slots = a;
        ARRAY.setRelease(this, a);
    }

    // ---- accessors, named by ordering (see dev.lockstep.core.concurrent) ----

    private long volatileHead() {
        return (long) HEAD.getVolatile(this);
    }

    private void releaseHead(long h) {
        HEAD.setRelease(this, h);
    }

    private Object[] acquireArray() {
        return (Object[]) ARRAY.getAcquire(this);
    }

    boolean tryLock() {
        return LOCK.compareAndSet(this, 0, 1); // CAS: acquires the submitter-side fields
    }

    void unlock() {
        LOCK.setRelease(this, 0); // release: publishes them to the next holder
    }

    // ---- lock holder ----

    /** Lock held: the run-state bits this lane last saw (see the overview). */
    int closedState() {
        return closedState;
    }

    /** Lock held: records a run-state change. */
    void closedState(int state) {
        closedState = state;
    }

    /**
     * Lock held: appends {@code task}. Returns whether the lane grew: then takers may have seen it
     * empty meanwhile, and the caller must signal (see {@code Scheduler}'s wake-up argument).
     */
    boolean push(Task<?> task) {
        Object[] a = slots; // plain: the submitters' own copy of the array
        long t = tail;
        boolean grew = false;
        if (t - headBound >= a.length && t - (headBound = volatileHead()) >= a.length) { // never lap head
            a = growSlowPath(a, t);
            grew = true;
        }
        SLOT.setRelease(a, (int) t & (a.length - 1), task); // release: a taker sees the task's fields
        tail = t + 1;
        return grew;
    }

    /**
     * Lock held, after a push and a full fence: whether the task pushed before the last one has
     * been taken (or there was none), i.e. whether no taker is certain to come by and find the last
     * one (see {@code Scheduler}'s wake-up argument).
     */
    boolean previousTaken() {
        Object[] a = slots;
        return SLOT.getVolatile(a, (int) (tail - 2) & (a.length - 1)) == null;
    }

    private Object[] growSlowPath(Object[] old, long t) {
        if (old.length >= MAX_CAPACITY) {
            throw new IllegalStateException("injection lane full at maximum capacity " + MAX_CAPACITY);
        }
        Object[] grown = new Object[old.length << 1];
        int oldMask = old.length - 1;
        int newMask = grown.length - 1;
        for (long k = headBound; k < t; k++) {
            Object x = SLOT.getAndSet(old, (int) k & oldMask, null); // claims it from racing takers
            if (x != null) {
                grown[(int) k & newMask] = x;
            }
        }
        slots = grown;
        ARRAY.setRelease(this, grown); // release: takers that acquire the array see the copies
        return grown;
    }

    // ---- any thread ----

    /** Takes the oldest task, or returns null when the lane looks empty (see the overview). */
    Task<?> poll() {
        for (; ; ) {
            long h = volatileHead();
            Object[] a = acquireArray();
            int i = (int) h & (a.length - 1);
            Object x = SLOT.getAcquire(a, i);
            if (x == null) {
                if (acquireArray() != a) {
                    continue; // grown meanwhile: look in the new array
                }
                return null;
            }
            if (h == volatileHead() && SLOT.compareAndSet(a, i, x, null)) { // the claim
                releaseHead(h + 1); // only the claimer moves head past a null slot
                return (Task<?>) x;
            }
        }
    }

    /** Whether the lane looked empty: the slots at head and head + 1 are both null. */
    boolean isEmpty() {
        long h = volatileHead();
        Object[] a = acquireArray();
        int m = a.length - 1;
        return SLOT.getVolatile(a, (int) h & m) == null && SLOT.getVolatile(a, (int) (h + 1) & m) == null;
    }
}

/** Padding before {@code head}. */
@SuppressWarnings("unused")
abstract class InjectionLanePad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** The taker side: {@code head} and the array takers read, on their own cache line. */
abstract class InjectionLaneHead extends InjectionLanePad0 {
    @SuppressWarnings("unused") // through HEAD
    volatile long head;

    /** The slots as takers see them; replaced (release) only by a growing submitter. */
    @SuppressWarnings("unused") // through ARRAY
    volatile Object[] array;
}

/** Padding between {@code head} and the submitter side. */
@SuppressWarnings("unused")
abstract class InjectionLanePad1 extends InjectionLaneHead {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p30, p31, p32, p33, p34, p35, p36, p37;
}

/** The submitter side: the lock and what it guards. */
abstract class InjectionLaneSubmitterSide extends InjectionLanePad1 {
    @SuppressWarnings("unused") // through LOCK
    volatile int lock;

    /** Run-state bits seen by submitters; under the lock. */
    int closedState;

    /** Next index to fill; under the lock. */
    long tail;

    /** A value {@code head} had (a lower bound of it, since it only grows); under the lock. */
    long headBound;

    /** The submitters' copy of {@code array}; under the lock. */
    Object[] slots;

    @SuppressWarnings("unused")
    long p40, p41, p42, p43, p44, p45, p46, p47;
}
