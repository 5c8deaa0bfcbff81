package dev.lockstep.io.internal.uring;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;

/**
 * One io_uring instance: the ring fd, the mapped SQ ring, CQ ring and SQE array, the probed
 * capability set, and an optional eventfd through which other threads wake a thread blocked in
 * {@code io_uring_enter}.
 *
 * <h2>Threading</h2>
 *
 * <p>A ring has one owner thread, the one that opened it: with IORING_SETUP_SINGLE_ISSUER (when
 * the kernel accepted it) the kernel itself refuses submissions from any other thread with
 * -EEXIST. {@link #nextSqe}, {@link #submit}, {@link #submitAndWait}, {@link #reap}, {@link #probe}
 * and {@link #close} are owner-only and not checked. {@link #wake} is safe from any thread.
 *
 * <h2>Indices and ordering</h2>
 *
 * <p>The SQ is a ring of {@code sqEntries} slots: the kernel writes the SQ head (entries it has
 * consumed), we write the SQ tail (entries we have published). The CQ is the mirror: the kernel
 * writes the CQ tail, we write the CQ head. Indices are free-running u32 counters masked with the
 * ring mask. We read the kernel's index with an acquire load (so the entries it posted before its
 * store are visible: {@link #acquireCqTail}, {@link #acquireSqHead}) and publish ours with a
 * release store (so our SQE writes, or our reads of the CQEs, happen before the kernel sees the
 * index move: {@link #releaseSqTail}, {@link #releaseCqHead}). The SQ array (index indirection) is
 * filled with the identity once at setup, so slot {@code i} always holds SQE {@code i}.
 *
 * <p>Invariants: {@code sqeTail - sqHead <= sqEntries} (nextSqe returns null instead of
 * overwriting an entry the kernel has not consumed); entries handed out by nextSqe are zeroed and
 * invisible to the kernel until the next submit; reap releases the CQ head only after it has read
 * every CQE it passes on.
 *
 * <h2>Wake-ups</h2>
 *
 * <p>{@link #enableWakeup} creates an eventfd and keeps one READ of it pending in the ring, with
 * user_data {@link #WAKE_USER_DATA}. {@link #wake} (any thread) writes 1 to the eventfd, which
 * completes that READ and so returns a blocked {@code io_uring_enter}. Writes are coalesced: a
 * waker writes only when it flips {@code wakePending} from false to true; the owner clears it
 * (volatile store) when it reaps the wake completion, then re-arms the READ. A waker that finds the
 * flag already set skips the write: the owner has not yet reaped the earlier wake, so it will
 * return from its wait and look at its queues after that reap. The runtime must therefore look at
 * its cross-thread queues after every reap, never only before.
 *
 * <p>Wake against close: the winning waker's write and close's close of the eventfd are serialised
 * by {@code wakeLock} (taken at most once per reaped wake, so uncontended in practice), and close
 * sets {@code eventFd} to -1 under it; a wake after close is a no-op and never writes to an fd
 * number the process has since reused.
 *
 * <h2>Buffers</h2>
 *
 * <p>Every segment whose address goes into an SQE must stay alive until that entry's completion
 * is reaped. Close the ring only after the in-flight operations have completed or been cancelled
 * and reaped; the ring's own scratch memory (the eventfd read buffer, the wait timespec) is
 * allocated from the global arena for this reason (64 bytes per ring, never freed).
 */
public final class Ring implements AutoCloseable {
    /** user_data reserved for the internal eventfd READ; never passed to a reap handler. */
    public static final long WAKE_USER_DATA = 0xFFFF_FFFF_FFFF_FFFEL;

    public static final int SETUP_SUBMIT_ALL = 1 << 7;
    public static final int SETUP_COOP_TASKRUN = 1 << 8;
    public static final int SETUP_TASKRUN_FLAG = 1 << 9;
    public static final int SETUP_SINGLE_ISSUER = 1 << 12;

    public static final int FEAT_SINGLE_MMAP = 1;
    public static final int FEAT_NODROP = 1 << 1;
    public static final int FEAT_EXT_ARG = 1 << 8;

    static final int ENTER_GETEVENTS = 1;
    static final int ENTER_EXT_ARG = 1 << 3;
    static final int SQ_CQ_OVERFLOW = 1 << 1;
    static final int SQ_TASKRUN = 1 << 2;

    static final int REGISTER_PROBE = 8;
    static final long OFF_SQ_RING = 0L;
    static final long OFF_CQ_RING = 0x8000000L;
    static final long OFF_SQES = 0x10000000L;

    private static final VarHandle INT = JAVA_INT.varHandle();
    private static final VarHandle WAKE_PENDING;

    static {
        try {
            WAKE_PENDING = MethodHandles.lookup().findVarHandle(Ring.class, "wakePending", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    private final int setupFlags;
    private final int rejectedFlags;
    private final int features;
    private final int sqEntries;
    private final int cqEntries;
    private final int sqMask;
    private final int cqMask;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final MemorySegment[] sqeSlots;
    private final long sqHeadOff;
    private final long sqTailOff;
    private final long sqFlagsOff;
    private final long cqHeadOff;
    private final long cqTailOff;
    private final long cqesOff;
    private final Set<Op> capabilities;
    /** Scratch, global arena: [0,8) eventfd read buffer, [8,16) the value 1, [16,32) timespec, [32,56) getevents arg. */
    private final MemorySegment scratch;

    /** Entries handed out by nextSqe (owner only, plain). */
    private int sqeTail;
    /** Last SQ head read from the kernel; only ever behind the real head (owner only). */
    private int cachedSqHead;
    /** Our CQ head (owner only); published with releaseCqHead. */
    private int cqHead;

    /** The wake eventfd, -1 before enableWakeup and after close; written under wakeLock. */
    private volatile int eventFd = -1;
    /** Serialises a waker's write against close of the eventfd, so a write never hits a reused fd. */
    private final Object wakeLock = new Object();

    private boolean wakeArmNeeded;
    private long wakeups;
    /** Set by close (owner); read by wakers under wakeLock only after they saw eventFd < 0. */
    private volatile boolean closed;

    @SuppressWarnings("unused") // accessed through WAKE_PENDING
    private volatile boolean wakePending;

    private Ring(RingSetup.Mapped m) {
        this.fd = m.fd();
        this.setupFlags = m.flags();
        this.rejectedFlags = m.rejected();
        this.features = m.features();
        this.sqRing = m.sqRing();
        this.cqRing = m.cqRing();
        this.sqes = m.sqes();
        this.sqHeadOff = m.sqOff().get(JAVA_INT, 0);
        this.sqTailOff = m.sqOff().get(JAVA_INT, 4);
        this.sqFlagsOff = m.sqOff().get(JAVA_INT, 16);
        this.cqHeadOff = m.cqOff().get(JAVA_INT, 0);
        this.cqTailOff = m.cqOff().get(JAVA_INT, 4);
        this.cqesOff = m.cqOff().get(JAVA_INT, 20);
        this.sqMask = sqRing.get(JAVA_INT, m.sqOff().get(JAVA_INT, 8));
        this.sqEntries = sqRing.get(JAVA_INT, m.sqOff().get(JAVA_INT, 12));
        this.cqMask = cqRing.get(JAVA_INT, m.cqOff().get(JAVA_INT, 8));
        this.cqEntries = cqRing.get(JAVA_INT, m.cqOff().get(JAVA_INT, 12));
        long arrayOff = m.sqOff().get(JAVA_INT, 24);
        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(JAVA_INT, arrayOff + 4L * i, i); // identity: SQ slot i holds SQE i
        }
        this.sqeSlots = new MemorySegment[sqEntries];
        for (int i = 0; i < sqEntries; i++) {
            sqeSlots[i] = sqes.asSlice((long) i * Sqe.SIZE, Sqe.SIZE);
        }
        this.sqeTail = (int) INT.get(sqRing, sqTailOff);
        this.cachedSqHead = acquireSqHead();
        this.cqHead = (int) INT.get(cqRing, cqHeadOff);
        this.scratch = Arena.global().allocate(64, 8);
        scratch.set(JAVA_LONG, 8, 1L);
        this.capabilities = Collections.unmodifiableSet(probe());
    }

    /**
     * Opens a ring with at least {@code entries} SQ entries (a power of two is used as is),
     * requesting SUBMIT_ALL, COOP_TASKRUN with TASKRUN_FLAG, and SINGLE_ISSUER, and dropping each
     * flag the kernel rejects with EINVAL; {@link #setupFlags()} says what was accepted.
     *
     * @throws UringException when io_uring_setup or a mapping fails for another reason
     */
    public static Ring open(int entries) {
        RingSetup.Mapped m = RingSetup.setup(entries);
        try {
            return new Ring(m);
        } catch (RuntimeException e) {
            RingSetup.release(m); // no leaked fd or mapping when the probe fails
            throw e;
        }
    }

    /** Like {@link #open}, but reports why io_uring is unavailable instead of throwing. */
    public static Availability tryOpen(int entries) {
        if (!Syscalls.SUPPORTED) {
            return new Availability.Unavailable(
                    "io_uring needs Linux on x86_64 or aarch64; this is " + System.getProperty("os.name") + " on "
                            + System.getProperty("os.arch"),
                    0);
        }
        try {
            return new Availability.Available(open(entries));
        } catch (UringException e) {
            return new Availability.Unavailable(reason(e), e.errno());
        }
    }

    static String reason(UringException e) {
        return switch (e.errno()) {
            case Errno.ENOSYS -> "io_uring is not available: this kernel does not implement io_uring_setup (ENOSYS)";
            case Errno.EPERM ->
                "io_uring is forbidden: io_uring_setup failed with EPERM (kernel.io_uring_disabled=" + ioUringDisabled()
                        + ", or a seccomp filter)";
            case Errno.ENOMEM -> "io_uring is not usable: out of locked memory (ENOMEM; raise RLIMIT_MEMLOCK)";
            default -> "io_uring is not usable: " + e.getMessage();
        };
    }

    private static String ioUringDisabled() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled"))
                    .strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    // ---- index accessors (see the overview for the ordering argument) ----

    private int acquireSqHead() {
        return (int) INT.getAcquire(sqRing, sqHeadOff);
    }

    private void releaseSqTail(int tail) {
        INT.setRelease(sqRing, sqTailOff, tail);
    }

    private int acquireCqTail() {
        return (int) INT.getAcquire(cqRing, cqTailOff);
    }

    private void releaseCqHead(int head) {
        INT.setRelease(cqRing, cqHeadOff, head);
    }

    /** SQ ring flags (CQ_OVERFLOW, TASKRUN): a hint, read opaque. */
    private int opaqueSqFlags() {
        return (int) INT.getOpaque(sqRing, sqFlagsOff);
    }

    // ---- submission ----

    /**
     * The next free SQE, zeroed, or null when the SQ is full (submit, then retry). The entry goes to
     * the kernel with the next {@link #submit}; prepare it with {@link Sqe}.
     */
    public MemorySegment nextSqe() {
        int tail = sqeTail;
        if (tail - cachedSqHead == sqEntries) { // invariant: sqeTail - sqHead <= sqEntries
            cachedSqHead = acquireSqHead();
            if (tail - cachedSqHead == sqEntries) {
                return null;
            }
        }
        MemorySegment sqe = sqeSlots[tail & sqMask];
        Sqe.clear(sqe);
        sqeTail = tail + 1;
        return sqe;
    }

    /** Entries prepared and not yet consumed by the kernel. */
    public int pending() {
        return sqeTail - acquireSqHead();
    }

    /** Publishes the prepared entries and submits them in one io_uring_enter; returns how many. */
    public int submit() {
        return submitAndWait(0);
    }

    /**
     * Publishes and submits the prepared entries, then waits until at least {@code minComplete}
     * completions are available (0: don't wait). Returns the number submitted; 0 also when the wait
     * was interrupted by a signal (EINTR) or the CQ is momentarily full (EAGAIN, EBUSY): reap and
     * call again. Makes no syscall when there is nothing to submit, nothing to wait for and no
     * kernel work pending.
     */
    public int submitAndWait(int minComplete) {
        int tail = sqeTail;
        releaseSqTail(tail); // publishes the SQE writes before the kernel can see the new tail
        int toSubmit = tail - acquireSqHead();
        int flags = 0;
        if (minComplete > 0 || (opaqueSqFlags() & (SQ_CQ_OVERFLOW | SQ_TASKRUN)) != 0) {
            flags = ENTER_GETEVENTS;
        } else if (toSubmit == 0) {
            return 0;
        }
        int r = Syscalls.ioUringEnter(fd, toSubmit, minComplete, flags, MemorySegment.NULL, 0);
        return r >= 0 ? r : enterFailedSlowPath(r, toSubmit, minComplete);
    }

    /**
     * Like {@link #submitAndWait(int)} with a bound: returns after {@code timeoutNanos} even when
     * fewer than {@code minComplete} completions arrived (needs IORING_FEAT_EXT_ARG, kernel 5.11).
     */
    public int submitAndWait(int minComplete, long timeoutNanos) {
        if ((features & FEAT_EXT_ARG) == 0) {
            throw new UnsupportedOperationException("io_uring_enter with a timeout needs IORING_FEAT_EXT_ARG");
        }
        int tail = sqeTail;
        releaseSqTail(tail);
        int toSubmit = tail - acquireSqHead();
        MemorySegment ts = scratch.asSlice(16, 16);
        ts.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
        ts.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
        MemorySegment arg = scratch.asSlice(32, 24); // struct io_uring_getevents_arg
        arg.set(JAVA_LONG, 0, 0L); // sigmask
        arg.set(JAVA_INT, 8, 0); // sigmask_sz
        arg.set(JAVA_INT, 12, 0); // min_wait_usec / pad
        arg.set(JAVA_LONG, 16, ts.address());
        int r = Syscalls.ioUringEnter(fd, toSubmit, minComplete, ENTER_GETEVENTS | ENTER_EXT_ARG, arg, 24);
        if (r == -Errno.ETIME) {
            return toSubmit - pending();
        }
        return r >= 0 ? r : enterFailedSlowPath(r, toSubmit, minComplete);
    }

    private int enterFailedSlowPath(int r, int toSubmit, int minComplete) {
        if (r == -Errno.EINTR || r == -Errno.EAGAIN || r == -Errno.EBUSY) {
            return 0;
        }
        throw new UringException(
                "io_uring_enter(fd=" + fd + ", toSubmit=" + toSubmit + ", minComplete=" + minComplete + ")", -r);
    }

    // ---- completion ----

    /** Receives one completion: the entry's user_data, its result ({@code -errno} on failure), CQE flags. */
    @FunctionalInterface
    public interface CompletionHandler {
        void complete(long userData, int res, int flags);
    }

    /**
     * Drains every available CQE into {@code handler} and returns how many it passed on. The
     * internal wake completion is handled here and not passed on. The handler may prepare new SQEs
     * but must not call reap.
     */
    public int reap(CompletionHandler handler) {
        int head = cqHead;
        int tail = acquireCqTail(); // makes the CQEs the kernel posted before its tail store visible
        int passed = 0;
        try {
            while (head != tail) {
                long off = cqesOff + (long) (head & cqMask) * 16;
                long userData = cqRing.get(JAVA_LONG, off);
                int res = cqRing.get(JAVA_INT, off + 8);
                int flags = cqRing.get(JAVA_INT, off + 12);
                head++;
                if (userData == WAKE_USER_DATA) {
                    onWakeCompletion(res);
                } else {
                    passed++;
                    handler.complete(userData, res, flags);
                }
            }
        } finally {
            cqHead = head;
            releaseCqHead(head); // after every read of the CQEs passed on: the kernel may reuse them
        }
        if (wakeArmNeeded) {
            armWake();
        }
        return passed;
    }

    // ---- wake-ups ----

    /** Creates the wake eventfd and arms its READ (submitted with the next submit). Owner only. */
    public void enableWakeup() {
        if (eventFd >= 0) {
            return;
        }
        synchronized (wakeLock) {
            eventFd = (int) Syscalls.check(Syscalls.eventfd(0, 0x80000), "eventfd(0, EFD_CLOEXEC)");
        }
        armWake();
    }

    private void armWake() {
        MemorySegment sqe = nextSqe();
        if (sqe == null) {
            wakeArmNeeded = true; // SQ full: re-armed after the next reap
            return;
        }
        wakeArmNeeded = false;
        Sqe.prepRead(sqe, eventFd, scratch.asSlice(0, 8), 0, WAKE_USER_DATA);
    }

    private void onWakeCompletion(int res) {
        wakeups++;
        WAKE_PENDING.setVolatile(this, false); // volatile: must not pass the runtime's later queue checks
        if (!closed && res >= 0) {
            armWake();
        }
    }

    /**
     * Wakes the owner if it is blocked in (or about to enter) {@link #submitAndWait}. Any thread;
     * requires {@link #enableWakeup}. Coalesced: only the first wake after the last reaped one
     * writes to the eventfd.
     */
    public void wake() {
        if (WAKE_PENDING.compareAndSet(this, false, true)) {
            wakeSlowPath();
        }
    }

    private void wakeSlowPath() {
        synchronized (wakeLock) { // close cannot close (and the kernel reuse) the fd while we write
            int efd = eventFd;
            if (efd < 0) {
                if (closed) {
                    return; // waking a closed ring is a no-op
                }
                WAKE_PENDING.setVolatile(this, false);
                throw new IllegalStateException("Ring.wake before enableWakeup on " + this);
            }
            long r = Syscalls.write(efd, scratch.asSlice(8, 8));
            if (r < 0) {
                WAKE_PENDING.setVolatile(this, false);
                throw new UringException("write(eventfd=" + efd + ")", (int) -r);
            }
        }
    }

    /** How many wake completions the owner has reaped (statistics, owner only). */
    public long wakeups() {
        return wakeups;
    }

    // ---- probe and introspection ----

    /** Asks the kernel which opcodes it supports (IORING_REGISTER_PROBE, kernel 5.6+). */
    public Set<Op> probe() {
        Set<Op> ops = Op.none();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(16 + 256 * 8, 8); // struct io_uring_probe + 256 ops
            int r = Syscalls.ioUringRegister(fd, REGISTER_PROBE, p, 256);
            if (r == -Errno.EINVAL) {
                return ops; // no probe before 5.6: report nothing as supported
            }
            Syscalls.check(r, "io_uring_register(fd=" + fd + ", IORING_REGISTER_PROBE)");
            int opsLen = p.get(JAVA_BYTE, 1) & 0xff;
            for (int i = 0; i < opsLen; i++) {
                int code = p.get(JAVA_BYTE, 16 + 8L * i) & 0xff;
                int flags = p.get(JAVA_SHORT, 16 + 8L * i + 2) & 0xffff;
                Op op = Op.fromCode(code);
                if (op != null && (flags & 1) != 0) { // IO_URING_OP_SUPPORTED
                    ops.add(op);
                }
            }
        }
        return ops;
    }

    /** The opcodes this kernel supports, probed at open. */
    public Set<Op> capabilities() {
        return capabilities;
    }

    /** Whether the kernel supports {@code op}. */
    public boolean supports(Op op) {
        return capabilities.contains(op);
    }

    /** IORING_SETUP_* flags the kernel accepted. */
    public int setupFlags() {
        return setupFlags;
    }

    /** IORING_SETUP_* flags requested but rejected with EINVAL. */
    public int rejectedFlags() {
        return rejectedFlags;
    }

    /** IORING_FEAT_* flags the kernel reported. */
    public int features() {
        return features;
    }

    public int sqEntries() {
        return sqEntries;
    }

    public int cqEntries() {
        return cqEntries;
    }

    public int fd() {
        return fd;
    }

    /** Unmaps the rings and closes the eventfd and the ring fd; idempotent. Owner only. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (wakeLock) {
            if (eventFd >= 0) {
                Syscalls.close(eventFd);
                eventFd = -1;
            }
        }
        Syscalls.munmap(sqes);
        Syscalls.munmap(sqRing);
        if (cqRing.address() != sqRing.address()) {
            Syscalls.munmap(cqRing);
        }
        Syscalls.close(fd);
    }

    @Override
    public String toString() {
        return "Ring[fd=" + fd + ", sq=" + sqEntries + ", cq=" + cqEntries + ", flags=0x"
                + Integer.toHexString(setupFlags) + ", features=0x" + Integer.toHexString(features) + "]";
    }
}
