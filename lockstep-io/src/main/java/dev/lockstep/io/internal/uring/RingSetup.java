package dev.lockstep.io.internal.uring;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * io_uring_setup with flag fallback, and the mappings of the SQ ring, CQ ring and SQE array; the
 * first half of {@link Ring}'s construction, kept apart so that Ring holds only the running state.
 *
 * <p>struct io_uring_params (120 bytes): sq_entries u32 @0, cq_entries @4, flags @8,
 * sq_thread_cpu @12, sq_thread_idle @16, features @20, wq_fd @24, resv[3] @28, sq_off @40 (struct
 * io_sqring_offsets: head, tail, ring_mask, ring_entries, flags, dropped, array, resv1, user_addr
 * u64), cq_off @80 (struct io_cqring_offsets: head, tail, ring_mask, ring_entries, overflow, cqes,
 * flags, resv1, user_addr u64).
 *
 * <p>Flag fallback: the requested flags are tried all together; on EINVAL the newest one (by kernel
 * version) is dropped and recorded as rejected, until the call succeeds or fails otherwise. Any
 * failure after the fd exists unmaps what was mapped and closes the fd: no leak on a failed open.
 *
 * <p>DEFER_TASKRUN (6.1) is not requested: with it, completions are only posted when the owner
 * calls io_uring_enter with GETEVENTS, so a bare peek of the CQ (and the eventfd READ that another
 * thread completes) would not progress until the owner enters; the loop would have to enter on
 * every iteration. Worth measuring later, with {@link Ring#submitAndWait} as the only reap trigger.
 */
final class RingSetup {
    /** Requested flags, newest (most likely rejected) first. */
    private static final int[] REQUESTED = {
        Ring.SETUP_SINGLE_ISSUER, // 6.0
        Ring.SETUP_COOP_TASKRUN | Ring.SETUP_TASKRUN_FLAG, // 5.19
        Ring.SETUP_SUBMIT_ALL, // 5.18
    };

    /** The result of a successful setup; offsets are heap copies of params.sq_off and cq_off. */
    record Mapped(
            int fd,
            int flags,
            int rejected,
            int features,
            MemorySegment sqRing,
            MemorySegment cqRing,
            MemorySegment sqes,
            MemorySegment sqOff,
            MemorySegment cqOff) {}

    private RingSetup() {}

    static Mapped setup(int entries) {
        if (entries < 1 || entries > 32768) {
            throw new IllegalArgumentException("io_uring entries must be in [1, 32768], not " + entries);
        }
        int flags = 0;
        for (int f : REQUESTED) {
            flags |= f;
        }
        int rejected = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(120, 8);
            int next = 0;
            while (true) {
                params.fill((byte) 0);
                params.set(JAVA_INT, 8, flags);
                int fd = Syscalls.ioUringSetup(entries, params);
                if (fd >= 0) {
                    return map(fd, flags, rejected, params);
                }
                if (fd == -Errno.EINVAL && next < REQUESTED.length) {
                    flags &= ~REQUESTED[next];
                    rejected |= REQUESTED[next];
                    next++;
                    continue;
                }
                throw new UringException(
                        "io_uring_setup(entries=" + entries + ", flags=0x" + Integer.toHexString(flags) + ")", -fd);
            }
        }
    }

    private static Mapped map(int fd, int flags, int rejected, MemorySegment params) {
        MemorySegment sqOff = copy(params.asSlice(40, 40));
        MemorySegment cqOff = copy(params.asSlice(80, 40));
        int sqEntries = params.get(JAVA_INT, 0);
        int cqEntries = params.get(JAVA_INT, 4);
        int features = params.get(JAVA_INT, 20);
        long sqSize = sqOff.get(JAVA_INT, 24) + 4L * sqEntries; // up to the end of the SQ array
        long cqSize = cqOff.get(JAVA_INT, 20) + 16L * cqEntries; // up to the end of the CQEs
        MemorySegment sqRing = null;
        MemorySegment cqRing = null;
        try {
            if ((features & Ring.FEAT_SINGLE_MMAP) != 0) {
                sqRing = Syscalls.mmapShared(fd, Math.max(sqSize, cqSize), Ring.OFF_SQ_RING);
                cqRing = sqRing;
            } else {
                sqRing = Syscalls.mmapShared(fd, sqSize, Ring.OFF_SQ_RING);
                cqRing = Syscalls.mmapShared(fd, cqSize, Ring.OFF_CQ_RING);
            }
            MemorySegment sqes = Syscalls.mmapShared(fd, (long) Sqe.SIZE * sqEntries, Ring.OFF_SQES);
            return new Mapped(fd, flags, rejected, features, sqRing, cqRing, sqes, sqOff, cqOff);
        } catch (RuntimeException e) {
            if (cqRing != null && cqRing != sqRing) {
                Syscalls.munmap(cqRing);
            }
            if (sqRing != null) {
                Syscalls.munmap(sqRing);
            }
            Syscalls.close(fd);
            throw e;
        }
    }

    /** Unmaps a setup's mappings and closes its fd (failure path of Ring.open). */
    static void release(Mapped m) {
        Syscalls.munmap(m.sqes());
        if (m.cqRing().address() != m.sqRing().address()) {
            Syscalls.munmap(m.cqRing());
        }
        Syscalls.munmap(m.sqRing());
        Syscalls.close(m.fd());
    }

    private static MemorySegment copy(MemorySegment s) {
        MemorySegment heap = MemorySegment.ofArray(new int[(int) (s.byteSize() / 4)]);
        heap.copyFrom(s);
        return heap;
    }
}
