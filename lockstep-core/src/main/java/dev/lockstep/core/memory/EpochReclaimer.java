package dev.lockstep.core.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Epoch-based reclamation: frees memory that readers may still be reading only after they have all
 * moved on. The garbage collector does this for heap objects; off-heap blocks need it done by hand.
 *
 * <pre>{@code
 * EpochReclaimer ebr = EpochReclaimer.create("tables");
 * // reader, any thread:
 * try (EpochReclaimer.Guard g = ebr.enter()) {
 *     Block b = current.get();            // read the shared reference inside the critical section
 *     use(b.segment());
 * }
 * // writer: unlink first, then retire
 * Block old = current.getAndSet(fresh);
 * allocator.freeDeferred(old);            // or ebr.retire(() -> ...)
 * }</pre>
 *
 * <h2>Overview</h2>
 *
 * <p><b>What it owns.</b> A global epoch {@code E} (a counter, volatile); one record per thread that
 * has entered, holding that thread's announcement (inactive, or active in epoch {@code a}) and its
 * nesting depth; and three limbo lists, one per epoch modulo 3, of retired actions tagged with the
 * epoch at which they were retired.
 *
 * <p><b>Protocol.</b> {@link #enter()} reads {@code E} and announces it (outermost enter only;
 * guards nest). {@link Guard#close()} announces inactive. {@link #retire(Runnable)} is called after
 * the object was unlinked from every shared structure; it reads {@code E = r} and pushes the action
 * onto limbo list {@code r mod 3}. The epoch advances from {@code e} to {@code e + 1} only when
 * every active record announces {@code e}; each advance to {@code e} then runs the list {@code (e + 1)
 * mod 3}, whose actions were all retired at {@code e - 2} or earlier. Advances, and the detaching of
 * a list, happen under {@code advanceLock} (a {@code tryLock}: a thread that finds it taken skips the
 * attempt), so {@code E} does not move while a list is detached; that is what makes the "retired at
 * {@code e - 2} or earlier" count hold even for a retirer that read a stale {@code E}.
 *
 * <p><b>Why a retired object is never freed under a reader.</b> Let reader T reach object x. T read
 * the reference to x after its announcement {@code a}, and the retirer read {@code E = r} after
 * unlinking x, so T's announcement precedes the unlink precedes the retirer's read; since E never
 * decreases, {@code a <= r}. x is freed only after an advance from {@code r + 1} to {@code r + 2}.
 * Its scan starts after the advance to {@code r + 1}, which came after the retirer read {@code r},
 * so the scan sees T's announcement {@code a <= r}, not {@code r + 1}: it cannot advance while T is
 * inside. Stale announcements ({@code a} read, then E moved before the store) only make T hold the
 * epoch back for longer, never shorter.
 *
 * <p><b>Orderings.</b> The argument needs "precedes" to be a single order across threads:
 * <ul>
 *   <li>Announcing active is an opaque store of the record followed by a full fence: like a volatile
 *       store it cannot pass T's later loads, and unlike a volatile store alone it also orders T's
 *       later plain and acquire loads (readers load shared references however they like).
 *   <li>Retire begins with a full fence before its volatile read of {@code E}, so the read cannot
 *       pass the caller's unlinking store (a stale, too-early {@code r} would free too soon).
 *   <li>The scan reads records volatile after the volatile write of the previous advance.
 *   <li>Announcing inactive is a release store: every read T made inside the section happens-before
 *       the scan that sees it inactive, hence before the action that frees the memory.
 * </ul>
 * {@link #enter()} also checks {@code closed} after announcing, and {@link #close()} sets it before
 * scanning: one of the two sees the other (a Dekker handshake), so close never runs actions under a
 * reader.
 *
 * <p><b>Threads.</b> A thread's record is found through a {@link ThreadLocal} and holds its thread
 * weakly. A record whose thread has died (even one that died inside a section, leaking its guard) is
 * ignored by scans and reused by the next new thread, so the registry holds about as many records as
 * there are live threads that have entered. Virtual threads work, one record each; a virtual thread
 * parked inside a section holds the epoch back like any reader.
 *
 * <p><b>When actions run.</b> Every {@value #DEFAULT_RECLAIM_THRESHOLD}th retire (see {@link
 * Builder#reclaimThreshold(int)}), on {@link #tryReclaim()}, and on {@link #close()}; in the calling
 * thread, outside any lock. An action that throws does not stop the others: the first exception is
 * rethrown after all due actions ran, later ones attached as suppressed. Retire allocates one small
 * node per action.
 *
 * <p>Thread safety: every method may be called from any thread; a {@link Guard} must be closed by the
 * thread that opened it.
 */
public final class EpochReclaimer implements AutoCloseable {
    /** Retires between two automatic reclaim attempts, by default. */
    public static final int DEFAULT_RECLAIM_THRESHOLD = 64;

    /** An open critical section; {@link #close()} leaves it. */
    public sealed interface Guard extends AutoCloseable permits ThreadRecord {
        /** Leaves the critical section; call from the thread that entered. */
        @Override
        void close();
    }

    private static final long INACTIVE = 0;
    private static final VarHandle EPOCH;
    private static final VarHandle RETIRED;
    private static final VarHandle CLOSED;
    private static final VarHandle LIMBO;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            EPOCH = lookup.findVarHandle(EpochReclaimer.class, "epoch", long.class);
            RETIRED = lookup.findVarHandle(EpochReclaimer.class, "retiredCount", long.class);
            CLOSED = lookup.findVarHandle(EpochReclaimer.class, "closed", boolean.class);
            LIMBO = MethodHandles.arrayElementVarHandle(Node[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int reclaimThreshold;
    private final ThreadLocal<ThreadRecord> local = ThreadLocal.withInitial(this::register);
    private final ReentrantLock registryLock = new ReentrantLock();
    private final ReentrantLock advanceLock = new ReentrantLock();
    private final Node[] limbo = new Node[3]; // Treiber stacks, accessed through LIMBO

    private volatile ThreadRecord[] records = new ThreadRecord[0]; // copy-on-write under registryLock

    @SuppressWarnings("unused") // accessed through EPOCH
    private long epoch;

    @SuppressWarnings("unused") // accessed through RETIRED
    private long retiredCount;

    private long reclaimedCount; // under advanceLock

    @SuppressWarnings("unused") // accessed through CLOSED
    private boolean closed;

    private EpochReclaimer(String name, int reclaimThreshold) {
        this.name = name;
        this.reclaimThreshold = reclaimThreshold;
    }

    public static EpochReclaimer create() {
        return builder().build();
    }

    public static EpochReclaimer create(String name) {
        return builder().name(name).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Enters a critical section; shared references read until the guard closes stay valid. Nests.
     *
     * @throws UseAfterCloseException if the reclaimer is closed
     */
    public Guard enter() {
        ThreadRecord record = local.get();
        if (record.depth++ == 0) {
            long e = volatileEpoch();
            record.announce(e);
            if (volatileClosed()) { // after the fence: close() sees us or we see closed
                record.depth = 0;
                record.releaseState(INACTIVE);
                throw closedError("entered");
            }
            long again = volatileEpoch();
            if (again != e) {
                record.announce(again); // nothing read yet: announcing the newer epoch holds back less
            }
        }
        return record;
    }

    /**
     * Defers {@code action} until every thread now inside a critical section has left. Call it after
     * the object is unreachable for new readers.
     *
     * @throws UseAfterCloseException if the reclaimer is closed
     */
    public void retire(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (volatileClosed()) {
            throw closedError("asked to retire");
        }
        VarHandle.fullFence(); // the caller's unlink must not pass the epoch read below
        long r = volatileEpoch();
        Node node = new Node(action);
        int list = (int) (r % 3);
        Node head;
        do {
            head = volatileLimbo(list);
            node.next = head;
        } while (!casLimbo(list, head, node));
        long retired = (long) RETIRED.getAndAdd(this, 1L) + 1;
        if (volatileClosed()) {
            close(); // close() ran between our check and our push: run (or report) what we added
        } else if (retired % reclaimThreshold == 0) {
            tryReclaim();
        }
    }

    /**
     * Advances the epoch as far as readers allow (at most twice) and runs the actions that became due.
     * Returns how many ran; 0 if another thread is reclaiming.
     */
    public int tryReclaim() {
        List<Node> due = new ArrayList<>(2);
        if (!advanceLock.tryLock()) {
            return 0;
        }
        try {
            for (int i = 0; i < 2 && tryAdvanceLocked(); i++) {
                long e = volatileEpoch();
                Node list = swapLimbo((int) ((e + 1) % 3)); // retired at e - 2 or earlier
                if (list != null) {
                    due.add(list);
                }
            }
        } finally {
            advanceLock.unlock();
        }
        return runAll(due);
    }

    /** Under advanceLock: E := E + 1 if every active, live record announces E. */
    private boolean tryAdvanceLocked() {
        long e = volatileEpoch();
        long current = active(e);
        for (ThreadRecord record : records) {
            long state = record.volatileState();
            if (state != INACTIVE && state != current && record.ownerAlive()) {
                return false;
            }
        }
        EPOCH.setVolatile(this, e + 1); // only writer: under advanceLock
        return true;
    }

    private int runAll(List<Node> lists) {
        int ran = 0;
        RuntimeException failure = null;
        for (Node n : lists) {
            for (; n != null; n = n.next) {
                try {
                    n.action.run();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
                ran++;
            }
        }
        if (ran > 0) {
            advanceLock.lock();
            try {
                reclaimedCount += ran;
            } finally {
                advanceLock.unlock();
            }
        }
        if (failure != null) {
            throw failure;
        }
        return ran;
    }

    /** The global epoch. */
    public long epoch() {
        return volatileEpoch();
    }

    /** Actions retired and not yet run. */
    public long pending() {
        advanceLock.lock();
        try {
            return (long) RETIRED.getVolatile(this) - reclaimedCount;
        } finally {
            advanceLock.unlock();
        }
    }

    /** Threads inside a critical section now (a snapshot). */
    public int activeReaders() {
        int n = 0;
        for (ThreadRecord record : records) {
            if (record.volatileState() != INACTIVE && record.ownerAlive()) {
                n++;
            }
        }
        return n;
    }

    public String name() {
        return name;
    }

    /**
     * Refuses new sections and retires, then runs every pending action. Retryable: if a reader is still
     * inside, nothing runs and the exception says so; call again after the readers have left.
     *
     * @throws IllegalStateException if a thread is still inside a critical section
     */
    @Override
    public void close() {
        CLOSED.setVolatile(this, true);
        VarHandle.fullFence();
        int readers = activeReaders();
        if (readers > 0) {
            throw new IllegalStateException("reclaimer '" + name + "' cannot run its " + pending()
                    + " pending actions: " + readers + " thread(s) are still inside a critical section;"
                    + " close again after they leave");
        }
        List<Node> due = new ArrayList<>(3);
        advanceLock.lock();
        try {
            for (int i = 0; i < 3; i++) {
                Node list = swapLimbo(i);
                if (list != null) {
                    due.add(list);
                }
            }
        } finally {
            advanceLock.unlock();
        }
        runAll(due);
    }

    public boolean isClosed() {
        return volatileClosed();
    }

    @Override
    public String toString() {
        return "EpochReclaimer[" + name + ", epoch " + epoch() + "]";
    }

    private UseAfterCloseException closedError(String what) {
        return new UseAfterCloseException("reclaimer '" + name + "' was " + what + " after it was closed");
    }

    private ThreadRecord register() {
        Thread me = Thread.currentThread();
        registryLock.lock();
        try {
            for (ThreadRecord record : records) {
                if (!record.ownerAlive()) {
                    record.claim(me); // its thread is gone: it can be in no section
                    return record;
                }
            }
            ThreadRecord[] grown = Arrays.copyOf(records, records.length + 1);
            grown[records.length] = new ThreadRecord(this, me);
            records = grown;
            return grown[records.length - 1];
        } finally {
            registryLock.unlock();
        }
    }

    private long volatileEpoch() {
        return (long) EPOCH.getVolatile(this);
    }

    private boolean volatileClosed() {
        return (boolean) CLOSED.getVolatile(this);
    }

    private Node volatileLimbo(int i) {
        return (Node) LIMBO.getVolatile(limbo, i);
    }

    private boolean casLimbo(int i, Node expected, Node next) {
        return LIMBO.compareAndSet(limbo, i, expected, next);
    }

    private Node swapLimbo(int i) {
        return (Node) LIMBO.getAndSet(limbo, i, (Node) null);
    }

    /** Announcement word: INACTIVE, or active in epoch e. */
    private static long active(long epoch) {
        return (epoch << 1) | 1;
    }

    private static final class Node {
        final Runnable action;
        Node next; // written before the CAS that publishes the node

        Node(Runnable action) {
            this.action = action;
        }
    }

    /** One thread's announcement and nesting depth; it is also that thread's {@link Guard}. */
    static final class ThreadRecord implements Guard {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(ThreadRecord.class, "state", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final EpochReclaimer owner;
        private volatile WeakReference<Thread> thread;
        int depth; // owner thread only

        @SuppressWarnings("unused") // accessed through STATE
        private long state;

        ThreadRecord(EpochReclaimer owner, Thread thread) {
            this.owner = owner;
            this.thread = new WeakReference<>(thread);
        }

        void announce(long epoch) {
            STATE.setOpaque(this, active(epoch));
            VarHandle.fullFence(); // StoreLoad: visible before any load of the section
        }

        void releaseState(long value) {
            STATE.setRelease(this, value);
        }

        long volatileState() {
            return (long) STATE.getVolatile(this);
        }

        boolean ownerAlive() {
            return thread.get() != null;
        }

        /** Under registryLock: adopts a record whose thread died. */
        void claim(Thread next) {
            depth = 0;
            STATE.setVolatile(this, INACTIVE);
            thread = new WeakReference<>(next);
        }

        @Override
        public void close() {
            if (thread.get() != Thread.currentThread()) {
                throw new IllegalStateException("a guard of reclaimer '" + owner.name + "' was closed by thread "
                        + Thread.currentThread() + ", not by the thread that entered");
            }
            if (depth == 0) {
                throw new IllegalStateException(
                        "a guard of reclaimer '" + owner.name + "' was closed more often than it was entered");
            }
            if (--depth == 0) {
                releaseState(INACTIVE); // everything read in the section happens-before a scan seeing this
            }
        }
    }

    /** Configures an {@link EpochReclaimer}. */
    public static final class Builder {
        private String name;
        private int reclaimThreshold = DEFAULT_RECLAIM_THRESHOLD;

        private Builder() {}

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Retires between automatic reclaim attempts (default {@value #DEFAULT_RECLAIM_THRESHOLD}). */
        public Builder reclaimThreshold(int threshold) {
            if (threshold < 1) {
                throw new IllegalArgumentException("reclaimThreshold must be at least 1, got " + threshold);
            }
            this.reclaimThreshold = threshold;
            return this;
        }

        public EpochReclaimer build() {
            String n = name != null ? name : "EpochReclaimer@" + Integer.toHexString(System.identityHashCode(this));
            return new EpochReclaimer(n, reclaimThreshold);
        }
    }
}
