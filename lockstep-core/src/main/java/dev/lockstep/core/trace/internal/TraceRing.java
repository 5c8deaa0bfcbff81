package dev.lockstep.core.trace.internal;

import dev.lockstep.core.trace.TraceEvent;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TracePhase;
import dev.lockstep.core.trace.TraceThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * One thread's ring of trace events: written by its owner only, read by any thread.
 *
 * <h2>Layout</h2>
 *
 * <p>One {@code long[]} of {@code STRIDE} words per slot (array of structs rather than struct of
 * arrays: a write touches one or two cache lines instead of seven): the slot's <em>stamp</em>,
 * then the kind id and phase, nanos, duration, logical time, a and b. Event number {@code n}
 * (0, 1, 2, ... per ring) lives in slot {@code n & mask}. {@code head} is the number of events
 * written. The array starts at {@link #INITIAL_SLOTS} slots and doubles when it fills, up to the
 * session's capacity; after that the oldest event is overwritten, and {@code head - capacity}
 * events have been dropped ({@code droppedCountsOverwrittenEvents}). Nothing on the write path
 * allocates except those few doublings ({@code steadyStateRecordingDoesNotAllocate}).
 *
 * <h2>Stamps: a per-slot seqlock</h2>
 *
 * <p>The owner writes event {@code n} as: stamp := {@code -(n+1)} (opaque; "being written"),
 * store-store fence, the six data words (plain), stamp := {@code n+1} (release), head := {@code
 * n+1} (release). A reader that wants event {@code n} reads the stamp (acquire) and goes on only
 * if it is {@code n+1}; reads the six words (plain); issues a load-load fence; reads the stamp
 * again (opaque) and keeps the event only if it is still {@code n+1}.
 *
 * <p>Why a kept event is never half-written: the reader's first stamp read saw the release that
 * ended the writing of event {@code n}, so it sees all six words of {@code n}. If the owner
 * started rewriting the slot (event {@code n + capacity}) before the reader's data reads
 * finished, its {@code -(n+capacity+1)} stamp store is ordered before its data stores (the
 * store-store fence) and the reader's second stamp read is ordered after its data reads (the
 * load-load fence): a reader that saw any new data word also sees a stamp other than {@code n+1}
 * and drops the event, counting it as torn ({@code concurrentSnapshotNeverExportsATornEvent}).
 * This is the optimistic read of {@code java.util.concurrent.locks.StampedLock}, per slot, with
 * one writer, so the writer never waits and never retries. The plain data reads race with the
 * owner's writes; a racy read of a {@code long} may see a torn or stale value, and the stamp
 * check discards exactly those reads.
 *
 * <p>Growth: the owner copies the slots into an array twice the size and publishes it (release)
 * before writing the event that did not fit, and before the head release that makes that event
 * visible. A reader reads head (acquire) and then the array (acquire), so the array it sees holds
 * every event below the head it saw; an older array it might still hold is never written again and
 * stays consistent.
 */
public final class TraceRing {
    /** Words per slot. */
    static final int STRIDE = 7;

    private static final int STAMP = 0;
    private static final int KIND = 1;
    private static final int NANOS = 2;
    private static final int DURATION = 3;
    private static final int LOGICAL = 4;
    private static final int A = 5;
    private static final int B = 6;

    /** Slots a ring starts with (fewer if the capacity is smaller). */
    static final int INITIAL_SLOTS = 256;

    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle HEAD;
    private static final VarHandle SLOTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(TraceRing.class, "head", long.class);
            SLOTS = l.findVarHandle(TraceRing.class, "slots", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long threadId;
    private final String threadName;
    private final WeakReference<Thread> thread;
    private final int capacity;

    private long[] slots; // written by the owner only (release); read by others with acquire
    private long head; // events written; owner only writes (release); others read with acquire
    private int mask; // owner only: slots' capacity - 1
    private long growAt; // owner only: head at which the array doubles; Long.MAX_VALUE when full size

    /** A ring for {@code owner} holding up to {@code capacity} (a power of two) events. */
    TraceRing(Thread owner, int capacity) {
        this.threadId = owner.threadId();
        this.threadName = owner.getName();
        this.thread = new WeakReference<>(owner);
        this.capacity = capacity;
        int initial = Math.min(capacity, INITIAL_SLOTS);
        this.slots = new long[initial * STRIDE];
        this.mask = initial - 1;
        this.growAt = initial < capacity ? initial : Long.MAX_VALUE;
    }

    // ---- accessors, named by ordering (see dev.lockstep.core.concurrent's package-info) ----

    private long acquireHead() {
        return (long) HEAD.getAcquire(this);
    }

    private void releaseHead(long value) {
        HEAD.setRelease(this, value);
    }

    private long[] acquireSlots() {
        return (long[]) SLOTS.getAcquire(this);
    }

    private void releaseSlots(long[] value) {
        SLOTS.setRelease(this, value);
    }

    private static long acquireWord(long[] s, int i) {
        return (long) WORD.getAcquire(s, i);
    }

    private static long opaqueWord(long[] s, int i) {
        return (long) WORD.getOpaque(s, i);
    }

    private static void setOpaqueWord(long[] s, int i, long value) {
        WORD.setOpaque(s, i, value);
    }

    private static void releaseWord(long[] s, int i, long value) {
        WORD.setRelease(s, i, value);
    }

    // ---- owner only ----

    /** Owner only. Writes one event; see the class overview. */
    void write(int kindId, TracePhase phase, long nanos, long duration, long logical, long a, long b) {
        long n = head; // plain: only this thread writes it
        if (n >= growAt) {
            growSlowPath(n);
        }
        long[] s = slots; // plain: only this thread writes it
        int i = (int) (n & mask) * STRIDE;
        setOpaqueWord(s, i + STAMP, -(n + 1)); // "being written": a reader that sees it skips the slot
        VarHandle.storeStoreFence(); // the stamp above before the data below
        s[i + KIND] = ((long) kindId << 8) | phase.ordinal();
        s[i + NANOS] = nanos;
        s[i + DURATION] = duration;
        s[i + LOGICAL] = logical;
        s[i + A] = a;
        s[i + B] = b;
        releaseWord(s, i + STAMP, n + 1); // the data above before the stamp that vouches for it
        releaseHead(n + 1);
    }

    /** The array is full and below capacity: double it (the only allocation on the write path). */
    private void growSlowPath(long n) {
        long[] old = slots;
        int size = old.length / STRIDE;
        int next = size * 2;
        long[] grown = new long[next * STRIDE];
        System.arraycopy(old, 0, grown, 0, old.length); // events 0..n-1 keep their slots: n == size
        mask = next - 1;
        growAt = next < capacity ? next : Long.MAX_VALUE;
        releaseSlots(grown); // before the event n and its head release
        assert n == size : "grow at " + n + " with " + size + " slots";
    }

    // ---- any thread ----

    /**
     * Appends this ring's readable events (oldest first) to {@code out} and returns its counts.
     * Safe while the owner records; see the class overview.
     */
    TraceThread readInto(List<TraceEvent> out) {
        long h = acquireHead();
        long[] s = acquireSlots(); // after head: holds every event below h
        int size = s.length / STRIDE;
        long from = Math.max(0, h - size);
        String name = currentName();
        long torn = 0;
        for (long n = from; n < h; n++) {
            int i = (int) (n & (size - 1)) * STRIDE;
            long stamp = acquireWord(s, i + STAMP);
            if (stamp != n + 1) { // being rewritten, or already overwritten by a newer event
                torn++;
                continue;
            }
            long kindPhase = s[i + KIND];
            long nanos = s[i + NANOS];
            long duration = s[i + DURATION];
            long logical = s[i + LOGICAL];
            long a = s[i + A];
            long b = s[i + B];
            VarHandle.loadLoadFence(); // the data reads above before the stamp check below
            if (opaqueWord(s, i + STAMP) != stamp) { // the owner started rewriting the slot: torn
                torn++;
                continue;
            }
            TraceKind kind = TraceKind.byId((int) (kindPhase >>> 8));
            TracePhase phase = TracePhase.ofOrdinal((int) (kindPhase & 0xFF));
            out.add(new TraceEvent(kind, phase, nanos, duration, logical, threadId, name, a, b));
        }
        return new TraceThread(threadId, name, h, from, torn);
    }

    /** Whether the owning thread has ended (or been collected). */
    boolean isFinished() {
        Thread t = thread.get();
        return t == null || !t.isAlive();
    }

    /** Events a snapshot would find in the ring now (for the count of released rings). */
    long retained() {
        long h = acquireHead();
        return Math.min(h, capacity);
    }

    long threadId() {
        return threadId;
    }

    int capacity() {
        return capacity;
    }

    /** Slots allocated now (the array grows up to the capacity). */
    int allocatedSlots() {
        return acquireSlots().length / STRIDE;
    }

    private String currentName() {
        Thread t = thread.get();
        return t != null ? t.getName() : threadName;
    }
}
