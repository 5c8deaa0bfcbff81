package dev.lockstep.io.internal;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * One slot of the io_uring backend's table of operations in flight, and the descriptor ({@link
 * Fd}) operations refer to. Both are owned by the loop thread (plain fields).
 *
 * <p>user_data of an operation: {@code generation << 32 | index}, with the generation 31 bits wide
 * so the top bit stays clear (the top bit marks the backend's own entries, whose completions are
 * ignored: cancels, closes). The slot's generation is bumped each time it is taken, and a slot is
 * taken again only after its previous operation's completion was reaped; so a completion always
 * names the operation that is in its slot, and the checks on the record (generation, pending)
 * keep a completion from reaching a newer wait of the task.
 */
final class UringOp {
    static final int ACCEPT = 1;
    static final int CONNECT = 2;
    static final int RECV = 3;
    static final int SEND = 4;
    static final int OPEN = 5;
    static final int READ = 6;
    static final int WRITE = 7;
    static final int STATX = 8;
    static final int CLOSE = 9;
    static final int TRUNCATE = 10;
    static final int SENDTO = 11;
    static final int RECVFROM = 12;

    /** aux layout for SENDMSG and RECVMSG: msghdr @0 (56 bytes), its iovec @56, the sockaddr @128. */
    static final long AUX_NAME = 128;

    /** Scratch bytes per slot: a sockaddr (128), a struct statx (256), a msghdr (72). */
    static final int AUX_BYTES = 512;

    final int index;
    /** Fixed scratch for this slot's kernel-visible structs; lives as long as the backend. */
    final MemorySegment aux;

    int generation;
    long userData;
    int kind;
    /** The waiting task's record and its generation when the operation started; null: none. */
    IoTaskRecord record;

    long recordGeneration;
    /** The descriptor the operation works on (for connect: the new socket), or null. */
    Fd fd;

    UringOp prevOnFd;
    UringOp nextOnFd;
    /** The pooled data buffer (class {@link #bufClass}), or null. */
    MemorySegment buf;

    int bufClass;
    /** recv and read copy the received bytes to {@code dst[dstOff, ...)} when reaped. */
    byte[] dst;

    int dstOff;
    boolean cancelRequested;
    boolean inUse;

    UringOp(int index, MemorySegment aux) {
        this.index = index;
        this.aux = aux;
    }

    /** A descriptor: a listener, socket or file. */
    static final class Fd {
        static final int LISTENER = 1;
        static final int SOCKET = 2;
        static final int FILE = 3;
        static final int UDP = 4;

        final int fd;
        final int kind;
        /** AF_INET, AF_INET6 or AF_UNIX for sockets; 0 for files. */
        final int family;
        /** Operations in flight on this descriptor (an intrusive list). */
        UringOp ops;
        /** close was asked: the fd is closed once {@link #ops} is empty. */
        boolean closing;

        boolean closed;
        Fd prevOpen;
        Fd nextOpen;
        SocketAddress local;
        SocketAddress remote;

        Fd(int fd, int kind, int family) {
            this.fd = fd;
            this.kind = kind;
            this.family = family;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case LISTENER -> "listener fd " + fd;
                case SOCKET -> "socket fd " + fd;
                case UDP -> "UDP socket fd " + fd;
                default -> "file fd " + fd;
            };
        }
    }
}
