package dev.lockstep.io.internal.uring;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * Preparation of submission queue entries (struct io_uring_sqe, 64 bytes) for each opcode this
 * layer uses. Every {@code prepX} writes the opcode, the fd and the operation's fields, and the
 * {@code userData} that comes back in the completion; it expects an entry fresh from {@link
 * Ring#nextSqe()} (zeroed), and writes nothing else. Flags ({@link #IOSQE_IO_LINK}, ...) are or-ed
 * in afterwards with {@link #addFlags}.
 *
 * <p>Entry layout (offsets in bytes): opcode u8 @0, flags u8 @1, ioprio u16 @2, fd s32 @4, off or
 * addr2 u64 @8, addr u64 @16, len u32 @24, op flags u32 @28 (rw_flags, msg_flags, timeout_flags,
 * accept_flags, cancel_flags, open_flags, statx_flags), user_data u64 @32, buf_index u16 @40,
 * personality u16 @42, file_index or splice_fd_in s32 @44, addr3 u64 @48.
 *
 * <p>Buffer invariant: each segment passed here (data, sockaddr, timespec, path, statx buffer,
 * msghdr) must stay alive until the entry's completion is reaped; the kernel reads it after the
 * submit and, for async operations, long after. Entries are written by the ring's single issuer
 * thread only, between {@link Ring#nextSqe()} and {@link Ring#submit()}; the release store of the
 * SQ tail in submit publishes them to the kernel.
 */
public final class Sqe {
    /** Entry size in bytes. */
    public static final int SIZE = 64;

    /** Link the next entry: it starts only when this one completes successfully. */
    public static final int IOSQE_IO_LINK = 1 << 2;
    /** Like IO_LINK, but the chain continues when this entry fails. */
    public static final int IOSQE_IO_HARDLINK = 1 << 3;
    /** Always go to the async worker instead of trying non-blocking first. */
    public static final int IOSQE_ASYNC = 1 << 4;
    /** Post no completion when this entry succeeds. */
    public static final int IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    /** IORING_TIMEOUT_ABS: the timespec is an absolute CLOCK_MONOTONIC time. */
    public static final int TIMEOUT_ABS = 1;
    /** IORING_ASYNC_CANCEL_ALL: cancel every request that matches, not just the first. */
    public static final int CANCEL_ALL = 1;

    /** The directory fd meaning "the current working directory" for *at calls. */
    public static final int AT_FDCWD = -100;

    private static final long OFF_OPCODE = 0;
    private static final long OFF_FLAGS = 1;
    private static final long OFF_FD = 4;
    private static final long OFF_OFF = 8;
    private static final long OFF_ADDR = 16;
    private static final long OFF_LEN = 24;
    private static final long OFF_OP_FLAGS = 28;
    private static final long OFF_USER_DATA = 32;
    private static final long OFF_FILE_INDEX = 44;

    private Sqe() {}

    /** Writes the fields every operation shares. */
    private static void common(MemorySegment sqe, Op op, int fd, long addr, int len, long off, long userData) {
        sqe.set(JAVA_BYTE, OFF_OPCODE, (byte) op.code);
        sqe.set(JAVA_INT, OFF_FD, fd);
        sqe.set(JAVA_LONG, OFF_OFF, off);
        sqe.set(JAVA_LONG, OFF_ADDR, addr);
        sqe.set(JAVA_INT, OFF_LEN, len);
        sqe.set(JAVA_LONG, OFF_USER_DATA, userData);
    }

    private static void opFlags(MemorySegment sqe, int flags) {
        sqe.set(JAVA_INT, OFF_OP_FLAGS, flags);
    }

    /** Ors IOSQE_* {@code flags} into the entry's flags byte. */
    public static void addFlags(MemorySegment sqe, int flags) {
        sqe.set(JAVA_BYTE, OFF_FLAGS, (byte) (sqe.get(JAVA_BYTE, OFF_FLAGS) | flags));
    }

    /** The entry's IOSQE_* flags. */
    public static int flags(MemorySegment sqe) {
        return sqe.get(JAVA_BYTE, OFF_FLAGS) & 0xff;
    }

    /** The entry's user_data. */
    public static long userData(MemorySegment sqe) {
        return sqe.get(JAVA_LONG, OFF_USER_DATA);
    }

    /** NOP: completes with 0. */
    public static void prepNop(MemorySegment sqe, long userData) {
        common(sqe, Op.NOP, -1, 0, 0, 0, userData);
    }

    /**
     * TIMEOUT: completes with -ETIME when {@code timespec} elapses, or with 0 once {@code count}
     * other completions have been posted ({@code count == 0}: a pure timer). {@code flags}: {@link
     * #TIMEOUT_ABS} or 0.
     */
    public static void prepTimeout(MemorySegment sqe, MemorySegment timespec, int count, int flags, long userData) {
        common(sqe, Op.TIMEOUT, -1, timespec.address(), 1, count, userData);
        opFlags(sqe, flags);
    }

    /**
     * LINK_TIMEOUT: bounds the entry before it, which must carry {@link #IOSQE_IO_LINK}. If the
     * timeout fires first the target completes with -ECANCELED and this with -ETIME; if the target
     * completes first this completes with -ECANCELED.
     */
    public static void prepLinkTimeout(MemorySegment sqe, MemorySegment timespec, int flags, long userData) {
        common(sqe, Op.LINK_TIMEOUT, -1, timespec.address(), 1, 0, userData);
        opFlags(sqe, flags);
    }

    /**
     * ASYNC_CANCEL of the request whose user_data is {@code target}: completes with 0 when found and
     * cancelled (the target then completes with -ECANCELED), -ENOENT when not found, -EALREADY when
     * it is already running and may or may not be stopped.
     */
    public static void prepCancel(MemorySegment sqe, long target, int flags, long userData) {
        common(sqe, Op.ASYNC_CANCEL, -1, target, 0, 0, userData);
        opFlags(sqe, flags);
    }

    /**
     * ACCEPT on listening socket {@code fd}: completes with the new fd (non-negative) or -errno.
     * {@code addr}/{@code addrLen} may be {@link MemorySegment#NULL}; otherwise addrLen holds a u32
     * with addr's capacity. {@code flags}: SOCK_CLOEXEC (0x80000), SOCK_NONBLOCK (0x800).
     */
    public static void prepAccept(
            MemorySegment sqe, int fd, MemorySegment addr, MemorySegment addrLen, int flags, long userData) {
        common(sqe, Op.ACCEPT, fd, addr.address(), 0, addrLen.address(), userData);
        opFlags(sqe, flags);
    }

    /** CONNECT socket {@code fd} to {@code addr} (a sockaddr, whole segment): 0 or -errno. */
    public static void prepConnect(MemorySegment sqe, int fd, MemorySegment addr, long userData) {
        common(sqe, Op.CONNECT, fd, addr.address(), 0, addr.byteSize(), userData);
    }

    /** RECV into {@code buf}: bytes received (0 at end of stream) or -errno. */
    public static void prepRecv(MemorySegment sqe, int fd, MemorySegment buf, int msgFlags, long userData) {
        common(sqe, Op.RECV, fd, buf.address(), lengthOf(buf), 0, userData);
        opFlags(sqe, msgFlags);
    }

    /** SEND from {@code buf}: bytes sent (possibly fewer) or -errno. MSG_NOSIGNAL is 0x4000. */
    public static void prepSend(MemorySegment sqe, int fd, MemorySegment buf, int msgFlags, long userData) {
        common(sqe, Op.SEND, fd, buf.address(), lengthOf(buf), 0, userData);
        opFlags(sqe, msgFlags);
    }

    /** READ into {@code buf} at file {@code offset} (-1: the current position): bytes or -errno. */
    public static void prepRead(MemorySegment sqe, int fd, MemorySegment buf, long offset, long userData) {
        common(sqe, Op.READ, fd, buf.address(), lengthOf(buf), offset, userData);
    }

    /** WRITE from {@code buf} at file {@code offset} (-1: the current position): bytes or -errno. */
    public static void prepWrite(MemorySegment sqe, int fd, MemorySegment buf, long offset, long userData) {
        common(sqe, Op.WRITE, fd, buf.address(), lengthOf(buf), offset, userData);
    }

    /**
     * OPENAT {@code path} (NUL-terminated) relative to {@code dirFd} ({@link #AT_FDCWD}): the new fd
     * or -errno. {@code flags} are open(2) flags (O_CLOEXEC 0x80000, O_CREAT 0x40, O_RDWR 2, ...).
     */
    public static void prepOpenat(
            MemorySegment sqe, int dirFd, MemorySegment path, int flags, int mode, long userData) {
        common(sqe, Op.OPENAT, dirFd, path.address(), mode, 0, userData);
        opFlags(sqe, flags);
    }

    /** CLOSE {@code fd}: 0 or -errno. */
    public static void prepClose(MemorySegment sqe, int fd, long userData) {
        common(sqe, Op.CLOSE, fd, 0, 0, 0, userData);
    }

    /**
     * STATX of {@code path} relative to {@code dirFd} into {@code statxBuf} (struct statx, 256
     * bytes; stx_size is the u64 at offset 40): 0 or -errno. {@code mask}: STATX_BASIC_STATS 0x7ff.
     */
    public static void prepStatx(
            MemorySegment sqe,
            int dirFd,
            MemorySegment path,
            int flags,
            int mask,
            MemorySegment statxBuf,
            long userData) {
        common(sqe, Op.STATX, dirFd, path.address(), mask, statxBuf.address(), userData);
        opFlags(sqe, flags);
    }

    /** SOCKET(domain, type, protocol) (kernel 5.19+): the new fd or -errno. */
    public static void prepSocket(MemorySegment sqe, int domain, int type, int protocol, long userData) {
        common(sqe, Op.SOCKET, domain, 0, protocol, type, userData);
        sqe.set(JAVA_INT, OFF_FILE_INDEX, 0);
    }

    /** SENDMSG with {@code msghdr} (struct msghdr, 56 bytes): bytes sent or -errno. */
    public static void prepSendmsg(MemorySegment sqe, int fd, MemorySegment msghdr, int msgFlags, long userData) {
        common(sqe, Op.SENDMSG, fd, msghdr.address(), 1, 0, userData);
        opFlags(sqe, msgFlags);
    }

    /** RECVMSG into {@code msghdr} (struct msghdr, 56 bytes): bytes received or -errno. */
    public static void prepRecvmsg(MemorySegment sqe, int fd, MemorySegment msghdr, int msgFlags, long userData) {
        common(sqe, Op.RECVMSG, fd, msghdr.address(), 1, 0, userData);
        opFlags(sqe, msgFlags);
    }

    /** SHUTDOWN(fd, how) (SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2): 0 or -errno. */
    public static void prepShutdown(MemorySegment sqe, int fd, int how, long userData) {
        common(sqe, Op.SHUTDOWN, fd, 0, how, 0, userData);
    }

    /**
     * RECV into the {@code len} bytes at native address {@code addr}: as {@link #prepRecv}, for
     * callers that keep a pooled segment and would otherwise slice it per operation.
     */
    public static void prepRecv(MemorySegment sqe, int fd, long addr, int len, int msgFlags, long userData) {
        common(sqe, Op.RECV, fd, addr, len, 0, userData);
        opFlags(sqe, msgFlags);
    }

    /** SEND from the {@code len} bytes at native address {@code addr} (see the RECV variant). */
    public static void prepSend(MemorySegment sqe, int fd, long addr, int len, int msgFlags, long userData) {
        common(sqe, Op.SEND, fd, addr, len, 0, userData);
        opFlags(sqe, msgFlags);
    }

    /** READ into the {@code len} bytes at native address {@code addr}, at file {@code offset}. */
    public static void prepRead(MemorySegment sqe, int fd, long addr, int len, long offset, long userData) {
        common(sqe, Op.READ, fd, addr, len, offset, userData);
    }

    /** WRITE from the {@code len} bytes at native address {@code addr}, at file {@code offset}. */
    public static void prepWrite(MemorySegment sqe, int fd, long addr, int len, long offset, long userData) {
        common(sqe, Op.WRITE, fd, addr, len, offset, userData);
    }

    /** CONNECT socket {@code fd} to the sockaddr of {@code addrLen} bytes at native address {@code addr}. */
    public static void prepConnect(MemorySegment sqe, int fd, long addr, int addrLen, long userData) {
        common(sqe, Op.CONNECT, fd, addr, 0, addrLen, userData);
    }

    /** FTRUNCATE {@code fd} to {@code length} bytes (kernel 6.9+): 0 or -errno. */
    public static void prepFtruncate(MemorySegment sqe, int fd, long length, long userData) {
        common(sqe, Op.FTRUNCATE, fd, 0, 0, length, userData);
    }

    /** A buffer's length as the u32 {@code len} field; buffers over 2 GiB are refused. */
    private static int lengthOf(MemorySegment buf) {
        long n = buf.byteSize();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("io_uring buffer of " + n + " bytes exceeds 2 GiB - 1");
        }
        return (int) n;
    }

    /** Clears an entry (all 64 bytes), as {@link Ring#nextSqe()} does before handing it out. */
    static void clear(MemorySegment sqe) {
        sqe.fill((byte) 0);
    }

    /** Unused here, kept to document the layout: the u16 at @40 is buf_index / buf_group. */
    static short bufIndex(MemorySegment sqe) {
        return sqe.get(JAVA_SHORT, 40);
    }
}
