package dev.lockstep.io.internal.uring;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * FFM downcalls into libc for the io_uring layer: {@code syscall(2)} for io_uring_setup, enter and
 * register (libc has no wrappers for them; called through the variadic {@code syscall} with
 * {@link Linker.Option#firstVariadicArg}), {@code mmap}/{@code munmap}, {@code eventfd}, {@code
 * read}/{@code write}/{@code close}, and the socket calls the runtime and the tests need.
 *
 * <p>Result convention (the kernel's, also used by completions): every wrapper returns the call's
 * non-negative result, or {@code -errno} on failure. errno is captured per call with {@link
 * Linker.Option#captureCallState} into a per-thread capture segment, so a thread's errno is never
 * read by another thread and no JVM-internal libc call in between can clobber it.
 *
 * <p>The class has no mutable state apart from the per-thread capture segments; every method is
 * safe from any thread. {@link #check} turns a negative result into a {@link UringException}.
 *
 * <p>Syscall numbers 425-427 are the same in the generic table (aarch64) and on x86_64; {@link
 * #SUPPORTED} is false on other systems and no downcall is linked there.
 */
public final class Syscalls {
    /** io_uring syscall numbers (x86_64 and the generic table agree). */
    static final long SYS_IO_URING_SETUP = 425;

    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;

    /** Whether this platform is Linux on x86_64 or aarch64, where the downcalls are linked. */
    public static final boolean SUPPORTED;

    private static final StructLayout CAPTURE_LAYOUT;
    private static final VarHandle ERRNO;
    private static final ThreadLocal<MemorySegment> CAPTURE;

    private static final MethodHandle SETUP;
    private static final MethodHandle ENTER;
    private static final MethodHandle REGISTER;
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle EVENTFD;
    private static final MethodHandle CLOSE;
    private static final MethodHandle READ;
    private static final MethodHandle WRITE;
    private static final MethodHandle SOCKET;
    private static final MethodHandle BIND;
    private static final MethodHandle LISTEN;
    private static final MethodHandle GETSOCKNAME;
    private static final MethodHandle GETPEERNAME;
    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle FTRUNCATE;
    private static final MethodHandle GETSOCKOPT;

    static {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        SUPPORTED = os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("aarch64"));
        CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
        ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        CAPTURE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));
        if (SUPPORTED) {
            SETUP = syscall(JAVA_LONG, ADDRESS);
            ENTER = syscall(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG);
            REGISTER = syscall(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG);
            MMAP = libc(
                    "mmap",
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
            MUNMAP = libc("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
            EVENTFD = libc("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
            CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            READ = libc("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
            WRITE = libc("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
            SOCKET = libc("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
            BIND = libc("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
            LISTEN = libc("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
            GETSOCKNAME = libc("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
            GETPEERNAME = libc("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
            SETSOCKOPT = libc(
                    "setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
            FTRUNCATE = libc("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
            GETSOCKOPT =
                    libc("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        } else {
            SETUP = ENTER = REGISTER = MMAP = MUNMAP = EVENTFD = CLOSE = null;
            READ = WRITE =
                    SOCKET = BIND = LISTEN = GETSOCKNAME = GETPEERNAME = SETSOCKOPT = FTRUNCATE = GETSOCKOPT = null;
        }
    }

    private Syscalls() {}

    /** {@code long syscall(long number, ...)} with the given variadic argument layouts. */
    private static MethodHandle syscall(MemoryLayout... varArgs) {
        MemoryLayout[] args = new MemoryLayout[varArgs.length + 1];
        args[0] = JAVA_LONG;
        System.arraycopy(varArgs, 0, args, 1, varArgs.length);
        return libc("syscall", FunctionDescriptor.of(JAVA_LONG, args), Linker.Option.firstVariadicArg(1));
    }

    @SuppressWarnings("restricted") // the downcalls are the point of this class
    private static MethodHandle libc(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lookup = linker.defaultLookup();
        MemorySegment symbol =
                lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return linker.downcallHandle(symbol, fd, options);
    }

    private static MemorySegment capture() {
        return CAPTURE.get();
    }

    /** {@code r} if non-negative, else {@code -errno} read from this thread's capture segment. */
    private static long result(long r, MemorySegment capture) {
        return r >= 0 ? r : -(int) ERRNO.get(capture, 0L);
    }

    /** Throws {@link UringException} naming {@code call} when {@code result} is negative. */
    public static long check(long result, String call) {
        if (result < 0) {
            throw new UringException(call, (int) -result);
        }
        return result;
    }

    /** io_uring_setup(entries, params): the ring fd or -errno. */
    public static int ioUringSetup(int entries, MemorySegment params) {
        MemorySegment c = capture();
        try {
            return (int) result((long) SETUP.invokeExact(c, SYS_IO_URING_SETUP, (long) entries, params), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** io_uring_enter(fd, toSubmit, minComplete, flags, arg, argSize): submitted count or -errno. */
    public static int ioUringEnter(int fd, int toSubmit, int minComplete, int flags, MemorySegment arg, long argSize) {
        MemorySegment c = capture();
        try {
            return (int) result(
                    (long) ENTER.invokeExact(
                            c,
                            SYS_IO_URING_ENTER,
                            (long) fd,
                            (long) toSubmit,
                            (long) minComplete,
                            (long) flags,
                            arg,
                            argSize),
                    c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** io_uring_register(fd, opcode, arg, nrArgs): the call's result or -errno. */
    public static int ioUringRegister(int fd, int opcode, MemorySegment arg, int nrArgs) {
        MemorySegment c = capture();
        try {
            return (int) result(
                    (long) REGISTER.invokeExact(c, SYS_IO_URING_REGISTER, (long) fd, (long) opcode, arg, (long) nrArgs),
                    c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_POPULATE, fd, offset), or throws. */
    @SuppressWarnings("restricted") // the kernel mapped exactly length bytes
    public static MemorySegment mmapShared(int fd, long length, long offset) {
        MemorySegment c = capture();
        MemorySegment p;
        try {
            p = (MemorySegment) MMAP.invokeExact(c, MemorySegment.NULL, length, 0x1 | 0x2, 0x01 | 0x8000, fd, offset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (p.address() == -1L) { // MAP_FAILED
            throw new UringException(
                    "mmap(fd=" + fd + ", length=" + length + ", offset=0x" + Long.toHexString(offset) + ")",
                    (int) ERRNO.get(c, 0L));
        }
        return p.reinterpret(length);
    }

    /** munmap(segment): 0 or -errno. */
    public static int munmap(MemorySegment segment) {
        MemorySegment c = capture();
        try {
            return (int) result((int) MUNMAP.invokeExact(c, segment, segment.byteSize()), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** eventfd(initval, flags): an fd or -errno. EFD_CLOEXEC is 0x80000, EFD_NONBLOCK 0x800. */
    public static int eventfd(int initval, int flags) {
        MemorySegment c = capture();
        try {
            return (int) result((int) EVENTFD.invokeExact(c, initval, flags), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** close(fd): 0 or -errno. */
    public static int close(int fd) {
        MemorySegment c = capture();
        try {
            return (int) result((int) CLOSE.invokeExact(c, fd), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** read(fd, buf, buf.byteSize()): bytes read or -errno. Blocking; not for the loop thread. */
    public static long read(int fd, MemorySegment buf) {
        MemorySegment c = capture();
        try {
            return result((long) READ.invokeExact(c, fd, buf, buf.byteSize()), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** write(fd, buf, buf.byteSize()): bytes written or -errno. */
    public static long write(int fd, MemorySegment buf) {
        MemorySegment c = capture();
        try {
            return result((long) WRITE.invokeExact(c, fd, buf, buf.byteSize()), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** socket(domain, type, protocol): an fd or -errno. */
    public static int socket(int domain, int type, int protocol) {
        MemorySegment c = capture();
        try {
            return (int) result((int) SOCKET.invokeExact(c, domain, type, protocol), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** bind(fd, addr, addr.byteSize()): 0 or -errno. */
    public static int bind(int fd, MemorySegment addr) {
        MemorySegment c = capture();
        try {
            return (int) result((int) BIND.invokeExact(c, fd, addr, (int) addr.byteSize()), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** listen(fd, backlog): 0 or -errno. */
    public static int listen(int fd, int backlog) {
        MemorySegment c = capture();
        try {
            return (int) result((int) LISTEN.invokeExact(c, fd, backlog), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getsockname(fd, addr, lenPtr): 0 or -errno; {@code lenPtr} holds addr's size on entry. */
    public static int getsockname(int fd, MemorySegment addr, MemorySegment lenPtr) {
        MemorySegment c = capture();
        try {
            return (int) result((int) GETSOCKNAME.invokeExact(c, fd, addr, lenPtr), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getpeername(fd, addr, lenPtr): 0 or -errno; {@code lenPtr} holds addr's size on entry. */
    public static int getpeername(int fd, MemorySegment addr, MemorySegment lenPtr) {
        MemorySegment c = capture();
        try {
            return (int) result((int) GETPEERNAME.invokeExact(c, fd, addr, lenPtr), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** setsockopt(fd, level, name, value, value.byteSize()): 0 or -errno. */
    public static int setsockopt(int fd, int level, int name, MemorySegment value) {
        MemorySegment c = capture();
        try {
            return (int) result((int) SETSOCKOPT.invokeExact(c, fd, level, name, value, (int) value.byteSize()), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getsockopt(fd, level, name, value, lenPtr): 0 or -errno; {@code lenPtr} holds value's size on entry. */
    public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment lenPtr) {
        MemorySegment c = capture();
        try {
            return (int) result((int) GETSOCKOPT.invokeExact(c, fd, level, name, value, lenPtr), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ftruncate(fd, length): 0 or -errno. Blocking; not for the loop thread. */
    public static int ftruncate(int fd, long length) {
        MemorySegment c = capture();
        try {
            return (int) result((int) FTRUNCATE.invokeExact(c, fd, length), c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("downcall failed", t);
    }
}
