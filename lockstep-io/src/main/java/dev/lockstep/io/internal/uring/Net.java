package dev.lockstep.io.internal.uring;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Socket constants and struct builders for the ring's socket operations: sockaddr_in (16 bytes:
 * family u16 @0, port u16 big-endian @2, IPv4 address big-endian @4, zero @8), timespecs, and a
 * blocking listen helper built on {@link Syscalls}. Pure functions over caller-owned memory; the
 * caller's arena decides the lifetime (see the buffer invariant in the package overview).
 */
public final class Net {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_REUSEPORT = 15;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    /** The largest sockaddr this layer writes or reads (sockaddr_storage is 128 bytes). */
    public static final int SOCKADDR_MAX = 128;

    public static final int MSG_NOSIGNAL = 0x4000;
    /** recvmsg: return a datagram's whole length even when it was cut to fit. */
    public static final int MSG_TRUNC = 0x20;

    public static final int SO_KEEPALIVE = 9;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    /** 127.0.0.1 as a host-order int. */
    public static final int LOOPBACK = 0x7f000001;

    private Net() {}

    /** A sockaddr_in for {@code ipv4} (host order) and {@code port}. */
    public static MemorySegment inet4(Arena arena, int ipv4, int port) {
        MemorySegment sa = arena.allocate(16, 4);
        sa.set(JAVA_SHORT, 0, (short) AF_INET);
        sa.set(JAVA_BYTE, 2, (byte) (port >>> 8));
        sa.set(JAVA_BYTE, 3, (byte) port);
        sa.set(JAVA_BYTE, 4, (byte) (ipv4 >>> 24));
        sa.set(JAVA_BYTE, 5, (byte) (ipv4 >>> 16));
        sa.set(JAVA_BYTE, 6, (byte) (ipv4 >>> 8));
        sa.set(JAVA_BYTE, 7, (byte) ipv4);
        return sa;
    }

    /**
     * Writes {@code address} as a sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes) at the start
     * of {@code dst} (at least 28 bytes) and returns its length.
     *
     * @throws IllegalArgumentException when the address is unresolved
     */
    public static int writeSockaddr(MemorySegment dst, InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address " + address);
        }
        int port = address.getPort();
        byte[] raw = ip.getAddress();
        if (ip instanceof Inet4Address) {
            dst.asSlice(0, 16).fill((byte) 0);
            dst.set(JAVA_SHORT, 0, (short) AF_INET);
            dst.set(JAVA_BYTE, 2, (byte) (port >>> 8));
            dst.set(JAVA_BYTE, 3, (byte) port);
            MemorySegment.copy(raw, 0, dst, JAVA_BYTE, 4, 4);
            return 16;
        }
        dst.asSlice(0, 28).fill((byte) 0);
        dst.set(JAVA_SHORT, 0, (short) AF_INET6);
        dst.set(JAVA_BYTE, 2, (byte) (port >>> 8));
        dst.set(JAVA_BYTE, 3, (byte) port);
        MemorySegment.copy(raw, 0, dst, JAVA_BYTE, 8, 16);
        dst.set(JAVA_INT, 24, ((Inet6Address) ip).getScopeId());
        return 28;
    }

    /** The address family of {@code address}: AF_INET or AF_INET6. */
    public static int family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? AF_INET6 : AF_INET;
    }

    /**
     * Writes {@code address} as a sockaddr_un at the start of {@code dst} (at least 110 bytes) and
     * returns its length (family, path, NUL).
     *
     * @throws IllegalArgumentException when the path does not fit sun_path (107 bytes)
     */
    public static int writeSockaddrUn(MemorySegment dst, UnixDomainSocketAddress address) {
        byte[] path = address.getPath().toString().getBytes(StandardCharsets.UTF_8);
        if (path.length > 107) {
            throw new IllegalArgumentException("Unix domain socket path of " + path.length
                    + " bytes exceeds the 107 of sun_path: " + address.getPath());
        }
        dst.asSlice(0, 110).fill((byte) 0);
        dst.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(path, 0, dst, JAVA_BYTE, 2, path.length);
        return 2 + path.length + 1;
    }

    /** Writes a sockaddr for {@code address} (inet or Unix domain) and returns its length. */
    public static int writeAny(MemorySegment dst, SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress u) {
            return writeSockaddrUn(dst, u);
        }
        return writeSockaddr(dst, (InetSocketAddress) address);
    }

    /** The family of {@code address}: AF_UNIX, AF_INET or AF_INET6. */
    public static int familyOf(SocketAddress address) {
        return address instanceof UnixDomainSocketAddress ? AF_UNIX : family((InetSocketAddress) address);
    }

    /** Reads a sockaddr of {@code len} bytes at the start of {@code src}: inet, inet6 or Unix domain. */
    public static SocketAddress readAny(MemorySegment src, int len) {
        int family = src.get(JAVA_SHORT, 0) & 0xffff;
        if (family != AF_UNIX) {
            return readSockaddr(src);
        }
        int n = 0;
        while (2 + n < len && 2 + n < 110 && src.get(JAVA_BYTE, 2 + n) != 0) {
            n++;
        }
        byte[] path = new byte[n];
        MemorySegment.copy(src, JAVA_BYTE, 2, path, 0, n);
        return UnixDomainSocketAddress.of(new String(path, StandardCharsets.UTF_8));
    }

    /** Reads a sockaddr_in or sockaddr_in6 at the start of {@code src}; null for another family. */
    public static InetSocketAddress readSockaddr(MemorySegment src) {
        int family = src.get(JAVA_SHORT, 0) & 0xffff;
        int port = port(src);
        try {
            if (family == AF_INET) {
                byte[] raw = new byte[4];
                MemorySegment.copy(src, JAVA_BYTE, 4, raw, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(raw), port);
            }
            if (family == AF_INET6) {
                byte[] raw = new byte[16];
                MemorySegment.copy(src, JAVA_BYTE, 8, raw, 0, 16);
                return new InetSocketAddress(Inet6Address.getByAddress(null, raw, src.get(JAVA_INT, 24)), port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("malformed sockaddr of family " + family, e);
        }
        return null;
    }

    /** The address a socket is bound to (getsockname): inet, inet6 or Unix domain; or throws naming the fd. */
    public static SocketAddress localAddress(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SOCKADDR_MAX, 8);
            MemorySegment len = intValue(arena, SOCKADDR_MAX);
            Syscalls.check(Syscalls.getsockname(fd, sa, len), "getsockname(fd=" + fd + ")");
            return readAny(sa, len.get(JAVA_INT, 0));
        }
    }

    /** The peer of a connected socket (getpeername): inet, inet6 or Unix domain; or throws naming the fd. */
    public static SocketAddress remoteAddress(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SOCKADDR_MAX, 8);
            MemorySegment len = intValue(arena, SOCKADDR_MAX);
            Syscalls.check(Syscalls.getpeername(fd, sa, len), "getpeername(fd=" + fd + ")");
            return readAny(sa, len.get(JAVA_INT, 0));
        }
    }

    /** The port of a sockaddr_in. */
    public static int port(MemorySegment sockaddrIn) {
        return ((sockaddrIn.get(JAVA_BYTE, 2) & 0xff) << 8) | (sockaddrIn.get(JAVA_BYTE, 3) & 0xff);
    }

    /** A struct __kernel_timespec (16 bytes) holding {@code nanos}. */
    public static MemorySegment timespec(Arena arena, long nanos) {
        MemorySegment ts = arena.allocate(16, 8);
        ts.set(JAVA_LONG, 0, nanos / 1_000_000_000L);
        ts.set(JAVA_LONG, 8, nanos % 1_000_000_000L);
        return ts;
    }

    /** An int option value for setsockopt. */
    public static MemorySegment intValue(Arena arena, int value) {
        MemorySegment v = arena.allocate(4, 4);
        v.set(JAVA_INT, 0, value);
        return v;
    }

    /**
     * A TCP socket listening on 127.0.0.1 at {@code port} (0: any free port), with SO_REUSEADDR;
     * returns its fd. The bound port is {@link #localPort}.
     */
    public static int listenLoopback(int port, int backlog) {
        int fd = (int)
                Syscalls.check(Syscalls.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket(AF_INET, SOCK_STREAM)");
        try (Arena arena = Arena.ofConfined()) {
            Syscalls.check(
                    Syscalls.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, intValue(arena, 1)), "setsockopt(SO_REUSEADDR)");
            Syscalls.check(Syscalls.bind(fd, inet4(arena, LOOPBACK, port)), "bind(127.0.0.1:" + port + ")");
            Syscalls.check(Syscalls.listen(fd, backlog), "listen(fd=" + fd + ")");
            return fd;
        } catch (RuntimeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    /** A socket of {@code type} (SOCK_STREAM, SOCK_DGRAM) bound to 127.0.0.1:{@code port}. */
    public static int bindLoopback(int type, int port) {
        int fd =
                (int) Syscalls.check(Syscalls.socket(AF_INET, type | SOCK_CLOEXEC, 0), "socket(AF_INET, " + type + ")");
        try (Arena arena = Arena.ofConfined()) {
            Syscalls.check(Syscalls.bind(fd, inet4(arena, LOOPBACK, port)), "bind(127.0.0.1:" + port + ")");
            return fd;
        } catch (RuntimeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    /**
     * A struct msghdr (56 bytes) with one iovec over {@code buf}, and {@code name} (a sockaddr; the
     * destination for sendmsg, the source buffer for recvmsg; {@link MemorySegment#NULL} for none).
     * Layout: msg_name @0, msg_namelen u32 @8, msg_iov @16, msg_iovlen @24, msg_control @32,
     * msg_controllen @40, msg_flags @48; the iovec (base @0, len @8) follows at @56.
     */
    public static MemorySegment msghdr(Arena arena, MemorySegment name, MemorySegment buf) {
        MemorySegment m = arena.allocate(56 + 16, 8);
        MemorySegment iov = m.asSlice(56, 16);
        iov.set(JAVA_LONG, 0, buf.address());
        iov.set(JAVA_LONG, 8, buf.byteSize());
        m.set(JAVA_LONG, 0, name.address());
        m.set(JAVA_INT, 8, (int) name.byteSize());
        m.set(JAVA_LONG, 16, iov.address());
        m.set(JAVA_LONG, 24, 1L);
        return m;
    }

    /** msg_namelen of a msghdr after recvmsg: the size of the source address written. */
    public static int msgNameLen(MemorySegment msghdr) {
        return msghdr.get(JAVA_INT, 8);
    }

    /** The local port a socket is bound to. */
    public static int localPort(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(16, 4);
            MemorySegment len = intValue(arena, 16);
            Syscalls.check(Syscalls.getsockname(fd, sa, len), "getsockname(fd=" + fd + ")");
            return port(sa);
        }
    }
}
