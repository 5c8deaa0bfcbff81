package dev.lockstep.io.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.lockstep.io.IoCapability;
import dev.lockstep.io.IoFile;
import dev.lockstep.io.TaskState;
import dev.lockstep.io.internal.UringOp.Fd;
import dev.lockstep.io.internal.uring.Availability;
import dev.lockstep.io.internal.uring.Net;
import dev.lockstep.io.internal.uring.Op;
import dev.lockstep.io.internal.uring.Ring;
import dev.lockstep.io.internal.uring.Sqe;
import dev.lockstep.io.internal.uring.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The io_uring backend: one {@link Ring} per runtime, whose single issuer is the loop thread.
 * Sockets and files are raw descriptors ({@link Fd}); every operation is one SQE, queued while the
 * tasks run and submitted by {@link #poll} in one {@code io_uring_enter} per loop pass (which also
 * waits, with the loop's timeout, when nothing is runnable). Guide: docs/io.md, "Backends".
 *
 * <p>Operations in flight live in a table of {@link UringOp} slots; user_data is the slot's index
 * and generation (scheme in {@link UringOp}). Completions are reaped into the slots, finished
 * there (bytes copied into the caller's array, descriptors wrapped), and the waiting records are
 * queued in {@link #ready} and handed to the runtime at the end of the poll.
 *
 * <p>Invariants: (1) a buffer, sockaddr or statx struct whose address is in an SQE belongs to the
 * slot until that slot's completion is reaped: only then is the slot freed and its buffer returned
 * to the pool ({@link #finish}). (2) A descriptor is closed only when no operation on it is in
 * flight: close cancels them and the fd goes when the last one is reaped, so an fd number the
 * kernel may reuse is never named by an SQE. (3) A failed accept or connect yields no descriptor
 * ({@code value} null, {@code result} negative). (4) A completion reaches a record only if the
 * record still waits for that very operation (same generation, {@code pending} is the slot).
 *
 * <p>Threads: everything runs on the loop thread, except {@link #wake()} (the ring's eventfd, any
 * thread). The ring is opened by the constructor (that decides availability); if the loop turns
 * out to be another thread ({@link #attach()}), a fresh ring is opened there, since
 * SINGLE_ISSUER binds a ring to the thread that created it. {@link #ring} is volatile for wakers;
 * a wake lost on the replaced ring is harmless because the loop looks at its queues after attach.
 *
 * <p>Wake race: the eventfd completion of a wake can be reaped at the start of a poll (or by a
 * task's {@link #sqeSlowPath}), after the loop decided from its empty queues to block; the request
 * behind that wake would then wait for an unrelated event. So a poll that finds the ring's wake
 * count moved since the last poll returned does not block ({@code wakeupsSeen}).
 */
public final class UringBackend implements Backend, Ring.CompletionHandler {
    /** SQ entries per ring (the CQ has twice as many). */
    static final int ENTRIES = 1024;

    /** Top bit of user_data: the backend's own entries (cancels); their completions are ignored. */
    private static final long INTERNAL = Long.MIN_VALUE;

    private static final int MSG_NOSIGNAL = Net.MSG_NOSIGNAL;

    private volatile Ring ring;
    private Thread owner;
    private final Arena arena = Arena.ofShared();
    private final NativeBuffers buffers = new NativeBuffers(arena);
    /** setsockopt/getsockopt value and length (loop thread only). */
    private final MemorySegment optionScratch = arena.allocate(16, 8);

    private final Set<IoCapability> capabilities;
    private final boolean nativeFiles;
    private final boolean nativeTruncate;
    /** Records whose operation finished, handed to the runtime by the next poll. */
    private final ArrayDeque<IoTaskRecord> ready = new ArrayDeque<>();

    private UringOp[] ops = new UringOp[64];
    private int[] free = new int[64];
    private int freeTop;
    private int slots;
    private int inflight;
    /** Open descriptors (intrusive list), closed by {@link #close()}. */
    private Fd open;

    private boolean reaping;
    /** The ring's wake count when the last poll returned (see poll). */
    private long wakeupsSeen;

    private UringBackend(Ring ring) {
        this.ring = ring;
        this.owner = Thread.currentThread();
        ring.enableWakeup();
        Set<IoCapability> caps = EnumSet.noneOf(IoCapability.class);
        addIf(caps, ring, Op.ACCEPT, IoCapability.TCP_ACCEPT);
        addIf(caps, ring, Op.CONNECT, IoCapability.TCP_CONNECT);
        addIf(caps, ring, Op.RECV, IoCapability.TCP_RECV);
        addIf(caps, ring, Op.SEND, IoCapability.TCP_SEND);
        addIf(caps, ring, Op.SENDMSG, IoCapability.UDP_SEND);
        addIf(caps, ring, Op.RECVMSG, IoCapability.UDP_RECEIVE);
        addIf(caps, ring, Op.ASYNC_CANCEL, IoCapability.CANCEL);
        this.nativeFiles = ring.supports(Op.OPENAT)
                && ring.supports(Op.READ)
                && ring.supports(Op.WRITE)
                && ring.supports(Op.STATX)
                && ring.supports(Op.CLOSE);
        this.nativeTruncate = nativeFiles && ring.supports(Op.FTRUNCATE);
        if (nativeFiles) {
            caps.addAll(EnumSet.of(
                    IoCapability.FILE_OPEN,
                    IoCapability.FILE_READ,
                    IoCapability.FILE_WRITE,
                    IoCapability.FILE_STAT,
                    IoCapability.FILE_CLOSE));
            if (nativeTruncate) {
                caps.add(IoCapability.FILE_TRUNCATE);
            }
        }
        this.capabilities = Collections.unmodifiableSet(caps);
    }

    private static void addIf(Set<IoCapability> caps, Ring ring, Op op, IoCapability cap) {
        if (ring.supports(op)) {
            caps.add(cap);
        }
    }

    /** The backend, or the reason io_uring cannot be used here. */
    public static Object tryOpen() {
        Availability a = Ring.tryOpen(ENTRIES);
        if (a instanceof Availability.Unavailable u) {
            return u;
        }
        Ring ring = ((Availability.Available) a).ring();
        if ((ring.features() & Ring.FEAT_EXT_ARG) == 0) {
            ring.close();
            return new Availability.Unavailable(
                    "io_uring is too old here: no IORING_FEAT_EXT_ARG (a bounded wait needs kernel 5.11)", 0);
        }
        for (Op op : new Op[] {Op.ACCEPT, Op.CONNECT, Op.RECV, Op.SEND, Op.SENDMSG, Op.RECVMSG, Op.ASYNC_CANCEL}) {
            if (!ring.supports(op)) {
                ring.close();
                return new Availability.Unavailable("io_uring is too old here: it lacks " + op, 0);
            }
        }
        try {
            return new UringBackend(ring);
        } catch (RuntimeException e) {
            ring.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public Set<IoCapability> capabilities() {
        return capabilities;
    }

    @Override
    public boolean nativeFiles() {
        return nativeFiles;
    }

    @Override
    public void attach() {
        Thread t = Thread.currentThread();
        if (t == owner || (ring.setupFlags() & Ring.SETUP_SINGLE_ISSUER) == 0) {
            owner = t;
            return;
        }
        Ring fresh = Ring.open(ENTRIES); // SINGLE_ISSUER: the issuer is the thread that created the ring
        fresh.enableWakeup();
        Ring old = ring;
        ring = fresh; // volatile: a waker that reads it after this sees the new eventfd
        owner = t;
        wakeupsSeen = 0;
        old.close(); // nothing was submitted on it: only its unsubmitted wake READ
    }

    // ---- sockets -------------------------------------------------------------------------------

    @Override
    public Object listen(SocketAddress address, int backlog, boolean reuseAddress, boolean reusePort) {
        int family = Net.familyOf(address);
        int fd = Syscalls.socket(family, Net.SOCK_STREAM | Net.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errors.exception("listen on " + address, -fd, null);
        }
        int r = bindSocket(fd, family, address, reuseAddress, reusePort);
        r = r < 0 ? r : Syscalls.listen(fd, backlog);
        if (r < 0) {
            Syscalls.close(fd);
            throw Errors.exception("listen on " + address, -r, null);
        }
        return register(new Fd(fd, Fd.LISTENER, family));
    }

    @Override
    public Object openUdp(SocketAddress address, boolean reuseAddress, boolean reusePort) {
        int family = Net.familyOf(address);
        int fd = Syscalls.socket(family, Net.SOCK_DGRAM | Net.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errors.exception("bind UDP on " + address, -fd, null);
        }
        int r = bindSocket(fd, family, address, reuseAddress, reusePort);
        if (r < 0) {
            Syscalls.close(fd);
            throw Errors.exception("bind UDP on " + address, -r, null);
        }
        return register(new Fd(fd, Fd.UDP, family));
    }

    /** Sets the reuse options (inet only) and binds; 0 or -errno. */
    private static int bindSocket(int fd, int family, SocketAddress address, boolean reuseAddress, boolean reusePort) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment one = Net.intValue(tmp, 1);
            int r = 0;
            if (family != Net.AF_UNIX) {
                r = reuseAddress ? Syscalls.setsockopt(fd, Net.SOL_SOCKET, Net.SO_REUSEADDR, one) : 0;
                if (r == 0 && reusePort) {
                    r = Syscalls.setsockopt(fd, Net.SOL_SOCKET, Net.SO_REUSEPORT, one);
                }
            }
            MemorySegment sa = tmp.allocate(Net.SOCKADDR_MAX, 8);
            return r < 0 ? r : Syscalls.bind(fd, sa.asSlice(0, Net.writeAny(sa, address)));
        }
    }

    @Override
    public SocketAddress localAddress(Object handle) {
        Fd f = (Fd) handle;
        if (f.local == null) {
            f.local = Net.localAddress(f.fd);
        }
        return f.local;
    }

    @Override
    public SocketAddress remoteAddress(Object handle) {
        Fd f = (Fd) handle;
        if (f.remote == null) {
            f.remote = Net.remoteAddress(f.fd); // once per socket: the peer never changes
        }
        return f.remote;
    }

    @Override
    public boolean accept(IoTaskRecord r, Object listener) {
        Fd l = (Fd) listener;
        if (l.closing) {
            return closed(r); // invariant (2): no SQE names a descriptor that is closed or closing
        }
        UringOp op = start(r, UringOp.ACCEPT, l);
        Sqe.prepAccept(sqe(), l.fd, MemorySegment.NULL, MemorySegment.NULL, Net.SOCK_CLOEXEC, op.userData);
        return false;
    }

    @Override
    public boolean connect(IoTaskRecord r, SocketAddress address, boolean noDelay) {
        int family = Net.familyOf(address);
        int fd = Syscalls.socket(family, Net.SOCK_STREAM | Net.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            r.value = null; // invariant (3): a failed connect yields no socket
            r.result = fd;
            return true;
        }
        Fd s = register(new Fd(fd, Fd.SOCKET, family));
        UringOp op = start(r, UringOp.CONNECT, s);
        if (noDelay && family != Net.AF_UNIX) {
            op.aux.set(JAVA_INT, 0, 1);
            Syscalls.setsockopt(fd, Net.IPPROTO_TCP, Net.TCP_NODELAY, op.aux.asSlice(0, 4));
        }
        int len = Net.writeAny(op.aux, address);
        Sqe.prepConnect(sqe(), fd, op.aux.address(), len, op.userData);
        return false;
    }

    @Override
    public boolean sendTo(IoTaskRecord r, Object udp, byte[] buf, int off, int len, SocketAddress target) {
        Fd f = (Fd) udp;
        if (len > NativeBuffers.MAX) {
            r.result = -90; // EMSGSIZE: larger than any UDP datagram
            return true;
        }
        if (f.closing) {
            return closed(r);
        }
        UringOp op = start(r, UringOp.SENDTO, f);
        int n = withBuffer(op, len);
        MemorySegment.copy(buf, off, op.buf, JAVA_BYTE, 0, n);
        int nameLen = Net.writeAny(op.aux.asSlice(UringOp.AUX_NAME), target);
        msghdr(op, nameLen, n);
        Sqe.prepSendmsg(sqe(), f.fd, op.aux.asSlice(0, 56), MSG_NOSIGNAL, op.userData);
        return false;
    }

    @Override
    public boolean recvFrom(IoTaskRecord r, Object udp, byte[] buf, int off, int len) {
        Fd f = (Fd) udp;
        if (f.closing) {
            return closed(r);
        }
        UringOp op = start(r, UringOp.RECVFROM, f);
        int n = withBuffer(op, len);
        op.dst = buf;
        op.dstOff = off;
        msghdr(op, Net.SOCKADDR_MAX, n);
        Sqe.prepRecvmsg(sqe(), f.fd, op.aux.asSlice(0, 56), Net.MSG_TRUNC, op.userData); // res: the whole length
        return false;
    }

    /** A msghdr in {@code op.aux} naming the sockaddr at AUX_NAME and one iovec over the buffer. */
    private static void msghdr(UringOp op, int nameLen, int len) {
        MemorySegment m = op.aux;
        m.asSlice(0, 72).fill((byte) 0);
        m.set(JAVA_LONG, 0, m.address() + UringOp.AUX_NAME); // msg_name
        m.set(JAVA_INT, 8, nameLen); // msg_namelen
        m.set(JAVA_LONG, 16, m.address() + 56); // msg_iov
        m.set(JAVA_LONG, 24, 1L); // msg_iovlen
        m.set(JAVA_LONG, 56, op.buf.address()); // iov_base
        m.set(JAVA_LONG, 64, len); // iov_len
    }

    @Override
    public boolean recv(IoTaskRecord r, Object socket, byte[] buf, int off, int len) {
        Fd f = (Fd) socket;
        if (f.closing) {
            return closed(r);
        }
        UringOp op = start(r, UringOp.RECV, f);
        int n = withBuffer(op, len);
        op.dst = buf;
        op.dstOff = off;
        Sqe.prepRecv(sqe(), f.fd, op.buf.address(), n, 0, op.userData);
        return false;
    }

    @Override
    public boolean send(IoTaskRecord r, Object socket, byte[] buf, int off, int len) {
        Fd f = (Fd) socket;
        if (f.closing) {
            return closed(r);
        }
        UringOp op = start(r, UringOp.SEND, f);
        int n = withBuffer(op, len);
        MemorySegment.copy(buf, off, op.buf, JAVA_BYTE, 0, n);
        Sqe.prepSend(sqe(), f.fd, op.buf.address(), n, MSG_NOSIGNAL, op.userData);
        return false;
    }

    // ---- socket options ------------------------------------------------------------------------

    @Override
    public <T> void setOption(Object handle, SocketOption<T> option, T value) {
        Fd f = (Fd) handle;
        int[] ln = option(f, option);
        MemorySegment v = optionScratch.asSlice(0, 4);
        v.set(JAVA_INT, 0, value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value);
        int r = Syscalls.setsockopt(f.fd, ln[0], ln[1], v);
        if (r < 0) {
            throw Errors.exception("set " + option + " on " + handle, -r, null);
        }
    }

    @Override
    public <T> T getOption(Object handle, SocketOption<T> option) {
        Fd f = (Fd) handle;
        int[] ln = option(f, option);
        MemorySegment v = optionScratch.asSlice(0, 4);
        MemorySegment len = optionScratch.asSlice(8, 4);
        len.set(JAVA_INT, 0, 4);
        int r = Syscalls.getsockopt(f.fd, ln[0], ln[1], v, len);
        if (r < 0) {
            throw Errors.exception("get " + option + " of " + handle, -r, null);
        }
        int x = v.get(JAVA_INT, 0);
        Object out = option.type() == Boolean.class ? (Object) (x != 0) : (Object) x;
        return option.type().cast(out);
    }

    /**
     * {level, name} of {@code option} where {@code f}'s kind has it (the same table as NIO's
     * channels), else an {@link IllegalArgumentException} naming it.
     */
    private static int[] option(Fd f, SocketOption<?> option) {
        boolean unix = f.family == Net.AF_UNIX;
        boolean ok;
        int[] ln;
        if (option == StandardSocketOptions.SO_REUSEADDR) {
            ok = !unix;
            ln = new int[] {Net.SOL_SOCKET, Net.SO_REUSEADDR};
        } else if (option == StandardSocketOptions.SO_REUSEPORT) {
            ok = !unix;
            ln = new int[] {Net.SOL_SOCKET, Net.SO_REUSEPORT};
        } else if (option == StandardSocketOptions.SO_RCVBUF) {
            ok = true;
            ln = new int[] {Net.SOL_SOCKET, Net.SO_RCVBUF};
        } else if (option == StandardSocketOptions.SO_SNDBUF) {
            ok = f.kind != Fd.LISTENER;
            ln = new int[] {Net.SOL_SOCKET, Net.SO_SNDBUF};
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            ok = f.kind == Fd.SOCKET && !unix;
            ln = new int[] {Net.SOL_SOCKET, Net.SO_KEEPALIVE};
        } else if (option == StandardSocketOptions.TCP_NODELAY) {
            ok = f.kind == Fd.SOCKET && !unix;
            ln = new int[] {Net.IPPROTO_TCP, Net.TCP_NODELAY};
        } else {
            ok = false;
            ln = null;
        }
        if (!ok || f.kind == Fd.FILE) {
            throw new IllegalArgumentException("socket option " + option + " is not supported on " + f
                    + " (supported: SO_REUSEADDR, SO_REUSEPORT, TCP_NODELAY, SO_KEEPALIVE, SO_RCVBUF, SO_SNDBUF,"
                    + " where the socket's kind has them)");
        }
        return ln;
    }

    // ---- files ---------------------------------------------------------------------------------

    @Override
    public boolean openFile(IoTaskRecord r, String path, int flags, int mode) {
        byte[] c = cPath(path);
        if (c == null) {
            r.result = -36; // ENAMETOOLONG
            return true;
        }
        UringOp op = start(r, UringOp.OPEN, null);
        MemorySegment p = pathBuffer(op, c);
        Sqe.prepOpenat(sqe(), Sqe.AT_FDCWD, p, flags, mode, op.userData);
        return false;
    }

    @Override
    public boolean readFile(IoTaskRecord r, Object file, byte[] buf, int off, int len, long position) {
        Fd f = (Fd) file;
        if (f.closing) {
            return closed(r);
        }
        UringOp op = start(r, UringOp.READ, f);
        int n = withBuffer(op, len);
        op.dst = buf;
        op.dstOff = off;
        Sqe.prepRead(sqe(), f.fd, op.buf.address(), n, position, op.userData);
        return false;
    }

    @Override
    public boolean writeFile(IoTaskRecord r, Object file, byte[] buf, int off, int len, long position) {
        Fd f = (Fd) file;
        if (f.closing) {
            return closed(r);
        }
        UringOp op = start(r, UringOp.WRITE, f);
        int n = withBuffer(op, len);
        MemorySegment.copy(buf, off, op.buf, JAVA_BYTE, 0, n);
        Sqe.prepWrite(sqe(), f.fd, op.buf.address(), n, position, op.userData);
        return false;
    }

    @Override
    public boolean truncateFile(IoTaskRecord r, Object file, long length) {
        Fd f = (Fd) file;
        if (f.closing) {
            return closed(r);
        }
        if (!nativeTruncate) {
            int res = Syscalls.ftruncate(f.fd, length); // old kernel: no FTRUNCATE op (rare; a local file)
            r.result = Math.min(res, 0);
            return true;
        }
        UringOp op = start(r, UringOp.TRUNCATE, f);
        Sqe.prepFtruncate(sqe(), f.fd, length, op.userData);
        return false;
    }

    @Override
    public boolean statFile(IoTaskRecord r, String path) {
        byte[] c = cPath(path);
        if (c == null) {
            r.result = -36; // ENAMETOOLONG
            return true;
        }
        UringOp op = start(r, UringOp.STATX, null);
        MemorySegment p = pathBuffer(op, c);
        Sqe.prepStatx(sqe(), Sqe.AT_FDCWD, p, 0, 0x7ff, op.aux.asSlice(0, 256), op.userData);
        return false;
    }

    @Override
    public boolean closeFile(IoTaskRecord r, Object file) {
        Fd f = (Fd) file;
        if (f.closing) {
            r.result = 0;
            return true;
        }
        if (f.ops != null) {
            close(f); // operations of other tasks on it first: the fd goes after they are reaped
            r.result = 0;
            return true;
        }
        f.closing = true;
        unregister(f);
        UringOp op = start(r, UringOp.CLOSE, null);
        Sqe.prepClose(sqe(), f.fd, op.userData);
        return false;
    }

    /** Completes {@code r} at once with -EBADF: its descriptor is closed or closing. */
    private static boolean closed(IoTaskRecord r) {
        r.value = null;
        r.result = -EBADF;
        return true;
    }

    /** The path as a NUL-terminated C string for the slot's buffer (checked before a slot is taken). */
    private static byte[] cPath(String path) {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        return b.length + 1 > NativeBuffers.MAX ? null : b;
    }

    private MemorySegment pathBuffer(UringOp op, byte[] b) {
        withBuffer(op, b.length + 1);
        MemorySegment.copy(b, 0, op.buf, JAVA_BYTE, 0, b.length);
        op.buf.set(JAVA_BYTE, b.length, (byte) 0);
        return op.buf;
    }

    // ---- cancel and close ----------------------------------------------------------------------

    @Override
    public void cancel(IoTaskRecord r) {
        if (r.pending instanceof UringOp op && op.inUse && op.record == r) {
            requestCancel(op); // the operation completes later: -ECANCELED, or its result if it won the race
        }
    }

    private void requestCancel(UringOp op) {
        if (op.cancelRequested) {
            return;
        }
        op.cancelRequested = true;
        Sqe.prepCancel(sqe(), op.userData, 0, INTERNAL | op.index);
    }

    @Override
    public void close(Object handle) {
        Fd f = (Fd) handle;
        if (f.closing) {
            return;
        }
        f.closing = true;
        if (f.ops == null) {
            closeNow(f);
            return;
        }
        for (UringOp op = f.ops; op != null; op = op.nextOnFd) {
            requestCancel(op); // they complete with -EBADF; invariant (2): the fd goes after the last
        }
    }

    /**
     * Closes a descriptor no operation refers to any more, with close(2) at once: a CLOSE entry
     * would run only at the next submit, and its final fput later still (task work), so a listener
     * closed that way could still accept a connect queued behind it in the same batch.
     */
    private void closeNow(Fd f) {
        unregister(f);
        Syscalls.close(f.fd);
    }

    // ---- poll and completions ------------------------------------------------------------------

    @Override
    public int poll(long timeoutNanos, Completions sink) {
        Ring ring = this.ring;
        reap(ring);
        // invariant: a wake reaped since the last poll returned (here, or in a task's sqeSlowPath)
        // may be for a request the loop has not seen yet: then this poll must not block
        boolean woken = ring.wakeups() != wakeupsSeen;
        if (!ready.isEmpty() || timeoutNanos == 0 || woken) {
            ring.submit();
        } else if (timeoutNanos < 0) {
            ring.submitAndWait(1);
        } else {
            ring.submitAndWait(1, timeoutNanos);
        }
        reap(ring);
        wakeupsSeen = ring.wakeups(); // the runtime looks at its queues after this poll returns
        int n = 0;
        IoTaskRecord r;
        while ((r = ready.poll()) != null) {
            sink.complete(r);
            n++;
        }
        return n;
    }

    private void reap(Ring ring) {
        reaping = true;
        try {
            ring.reap(this);
        } finally {
            reaping = false;
        }
    }

    /** One completion (reap handler): finishes the operation in slot {@code userData}. */
    @Override
    public void complete(long userData, int res, int flags) {
        if (userData < 0) {
            return; // INTERNAL: a cancel's or a close's own completion
        }
        UringOp op = ops[(int) userData];
        if (op == null || !op.inUse || op.userData != userData) {
            return; // cannot happen: a slot is reused only after its completion (invariant 1)
        }
        finish(op, res);
    }

    private void finish(UringOp op, int res) {
        Fd fd = op.fd;
        boolean closed = fd != null && fd.closing && op.kind != UringOp.CONNECT;
        long result = res;
        Object value = null;
        switch (op.kind) {
            case UringOp.ACCEPT -> {
                if (res < 0) {
                    result = closed ? -EBADF : res; // invariant (3): a negative res is an error, never a socket
                } else if (closed) {
                    Syscalls.close(res); // accepted after the listener was closed: nobody will take it
                    result = -EBADF;
                } else {
                    value = register(new Fd(res, Fd.SOCKET, fd.family));
                    result = 0;
                }
            }
            case UringOp.CONNECT -> {
                if (res == 0) {
                    value = fd;
                } else {
                    fd.closing = true; // invariant (3): a failed connect yields no socket; closed below
                }
            }
            case UringOp.RECV, UringOp.READ -> {
                if (closed) {
                    result = -EBADF;
                } else if (res > 0) {
                    MemorySegment.copy(op.buf, JAVA_BYTE, 0, op.dst, op.dstOff, res);
                }
            }
            case UringOp.RECVFROM -> {
                if (closed) {
                    result = -EBADF;
                } else if (res >= 0) {
                    int got = (int) Math.min(res, op.aux.get(JAVA_LONG, 64)); // res is the whole datagram
                    MemorySegment.copy(op.buf, JAVA_BYTE, 0, op.dst, op.dstOff, got);
                    value = Net.readAny(op.aux.asSlice(UringOp.AUX_NAME), op.aux.get(JAVA_INT, 8));
                }
            }
            case UringOp.OPEN -> {
                if (res >= 0) {
                    value = register(new Fd(res, Fd.FILE, 0));
                    result = 0;
                }
            }
            case UringOp.STATX -> {
                if (res >= 0) {
                    value = stat(op.aux);
                }
            }
            default -> result = closed ? -EBADF : res; // SEND, SENDTO, WRITE, TRUNCATE, CLOSE
        }
        IoTaskRecord r = op.record;
        release(op);
        if (fd != null && fd.closing && fd.ops == null && !fd.closed) {
            closeNow(fd); // invariant (2): the last operation on a closed descriptor was reaped
        }
        if (r != null
                && r.pending == op
                && r.generation() == op.recordGeneration
                && r.state() == TaskState.WAITING_IO) {
            r.pending = null; // invariant (4): only the wait that started this operation sees it
            r.result = result;
            r.value = value;
            ready.add(r);
        } else if (value instanceof Fd orphan) {
            close(orphan); // its task is gone: close what it would have received
        }
    }

    private static IoFile.Stat stat(MemorySegment statx) {
        int mode = statx.get(JAVA_SHORT, 28) & 0xffff;
        long size = statx.get(JAVA_LONG, 40);
        long mtimeSec = statx.get(JAVA_LONG, 112);
        int mtimeNsec = statx.get(JAVA_INT, 120);
        int type = mode & 0170000;
        return new IoFile.Stat(size, type == 0040000, type == 0100000, mtimeSec * 1000 + mtimeNsec / 1_000_000);
    }

    @Override
    public void wake() {
        ring.wake();
    }

    // ---- slots, buffers, descriptors -----------------------------------------------------------

    /** Takes a slot for {@code r}'s new operation on {@code fd} (null: none) and links it. */
    private UringOp start(IoTaskRecord r, int kind, Fd fd) {
        if (freeTop == 0) {
            grow();
        }
        UringOp op = ops[free[--freeTop]];
        op.inUse = true;
        op.generation = (op.generation + 1) & 0x7fff_ffff;
        op.userData = ((long) op.generation << 32) | op.index; // top bit clear: not INTERNAL
        op.kind = kind;
        op.record = r;
        op.recordGeneration = r.generation();
        op.fd = fd;
        op.cancelRequested = false;
        if (fd != null) {
            op.prevOnFd = null;
            op.nextOnFd = fd.ops;
            if (fd.ops != null) {
                fd.ops.prevOnFd = op;
            }
            fd.ops = op;
        }
        r.pending = op;
        r.value = null;
        inflight++;
        return op;
    }

    private void grow() {
        int n = ops.length;
        if (slots == n) {
            ops = Arrays.copyOf(ops, n * 2);
            free = Arrays.copyOf(free, n * 2);
            n *= 2;
        }
        for (int i = slots; i < n; i++) {
            ops[i] = new UringOp(i, arena.allocate(UringOp.AUX_BYTES, 8));
            free[freeTop++] = i;
        }
        slots = n;
    }

    /** Gives {@code op} a pooled buffer for {@code len} bytes; returns how many it may use. */
    private int withBuffer(UringOp op, int len) {
        int c = NativeBuffers.classOf(len);
        op.bufClass = c;
        op.buf = buffers.take(c);
        return (int) Math.min(len, op.buf.byteSize());
    }

    /** Frees a slot whose completion was reaped (invariant 1): its buffer goes back to the pool. */
    private void release(UringOp op) {
        if (op.buf != null) {
            buffers.give(op.bufClass, op.buf);
            op.buf = null;
        }
        Fd fd = op.fd;
        if (fd != null) {
            if (op.prevOnFd != null) {
                op.prevOnFd.nextOnFd = op.nextOnFd;
            } else {
                fd.ops = op.nextOnFd;
            }
            if (op.nextOnFd != null) {
                op.nextOnFd.prevOnFd = op.prevOnFd;
            }
            op.prevOnFd = op.nextOnFd = null;
        }
        op.fd = null;
        op.dst = null;
        op.record = null;
        op.inUse = false;
        free[freeTop++] = op.index;
        inflight--;
    }

    private Fd register(Fd f) {
        f.nextOpen = open;
        if (open != null) {
            open.prevOpen = f;
        }
        open = f;
        return f;
    }

    private void unregister(Fd f) {
        f.closed = true;
        if (f.prevOpen != null) {
            f.prevOpen.nextOpen = f.nextOpen;
        } else if (open == f) {
            open = f.nextOpen;
        }
        if (f.nextOpen != null) {
            f.nextOpen.prevOpen = f.prevOpen;
        }
        f.prevOpen = f.nextOpen = null;
    }

    /** A free SQE; when the SQ is full, submits (and reaps, outside a reap) until one is free. */
    private MemorySegment sqe() {
        MemorySegment s = ring.nextSqe();
        return s != null ? s : sqeSlowPath();
    }

    private MemorySegment sqeSlowPath() {
        Ring ring = this.ring;
        for (int i = 0; i < 10_000; i++) {
            ring.submit();
            if (!reaping) {
                reap(ring); // completions wait in ready for the next poll
            }
            MemorySegment s = ring.nextSqe();
            if (s != null) {
                return s;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("the io_uring submission queue of " + ring + " stays full");
    }

    /** Operations in flight (tests). */
    int inflight() {
        return inflight;
    }

    /**
     * Cancels what is in flight, closes every open descriptor, waits (up to 2 s) for the
     * completions, then closes the ring; buffers are freed only if nothing is left in flight.
     */
    @Override
    public void close() {
        Ring ring = this.ring;
        for (int i = 0; i < slots; i++) {
            if (ops[i].inUse) {
                requestCancel(ops[i]);
            }
        }
        Fd next;
        for (Fd f = open; f != null; f = next) {
            next = f.nextOpen;
            close(f); // closed now, or (operations in flight) once finish has reaped the last of them
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (inflight > 0 && System.nanoTime() - deadline < 0) {
            ring.submitAndWait(1, 50_000_000L);
            reap(ring);
        }
        ready.clear();
        ring.close();
        if (inflight == 0) {
            arena.close(); // otherwise left open: the kernel may still write into these buffers
        }
    }
}
