package dev.lockstep.io.internal;

import dev.lockstep.io.IoCapability;
import java.net.SocketAddress;
import java.util.Set;

/**
 * What a runtime asks of its I/O backend. Every method is called on the runtime's loop thread
 * (inside the task starting the operation, or from the loop), except {@link #wake()}, which any
 * thread may call. An operation either completes at once (the method returns true and the result
 * is in the record) or later: the backend then hands the record to the {@link Completions} sink
 * from {@link #poll}, with {@code result} set (>= 0, or -errno) and the task still waiting.
 *
 * <p>Invariant: a backend completes each started operation exactly once, also when it is
 * cancelled ({@code -ECANCELED}) or the backend closes; and a failed accept or connect never
 * yields a descriptor or channel ({@code value} stays null, {@code result} is negative).
 */
public interface Backend extends AutoCloseable {
    /** Delivery of completed operations to the runtime. */
    interface Completions {
        void complete(IoTaskRecord r);
    }

    int ECANCELED = 125;
    int ETIMEDOUT = 110;
    int EBADF = 9;

    /** "io_uring" or "nio". */
    String name();

    /** The operations this backend does natively (without a blocking thread). */
    Set<IoCapability> capabilities();

    /**
     * Called once on the loop thread before the loop's first pass (the io_uring backend makes that
     * thread its ring's single issuer). Default: nothing.
     */
    default void attach() {}

    /**
     * A listening stream socket bound to {@code address}: TCP for an {@code InetSocketAddress},
     * Unix domain for a {@code UnixDomainSocketAddress} (where the reuse options do not apply).
     */
    Object listen(SocketAddress address, int backlog, boolean reuseAddress, boolean reusePort);

    /** The address a listener or socket is bound to. */
    SocketAddress localAddress(Object handle);

    /** The peer address of a connected socket (getpeername), or null when it has none. */
    SocketAddress remoteAddress(Object handle);

    /** Accepts one connection: {@code value} is the new socket. */
    boolean accept(IoTaskRecord r, Object listener);

    /**
     * Connects a new stream socket to {@code address} (TCP or Unix domain, as for {@link
     * #listen}): {@code value} is the socket. {@code noDelay} applies to TCP only.
     */
    boolean connect(IoTaskRecord r, SocketAddress address, boolean noDelay);

    /** A UDP socket bound to {@code address} (port 0: any free port). */
    Object openUdp(SocketAddress address, boolean reuseAddress, boolean reusePort);

    /** Sends one datagram of {@code len} bytes to {@code target}: {@code result} is the count sent. */
    boolean sendTo(IoTaskRecord r, Object udp, byte[] buf, int off, int len, SocketAddress target);

    /**
     * Receives one datagram into {@code buf[off, off + len)}: {@code result} is the datagram's
     * whole length (more than {@code len} when it did not fit and was cut), {@code value} the
     * sender's address.
     */
    boolean recvFrom(IoTaskRecord r, Object udp, byte[] buf, int off, int len);

    /**
     * Sets a socket option on a socket, listener or UDP socket: SO_REUSEADDR, SO_REUSEPORT,
     * TCP_NODELAY, SO_KEEPALIVE, SO_RCVBUF, SO_SNDBUF; another option, or one the socket's kind
     * does not have, is an {@code IllegalArgumentException} naming it.
     */
    <T> void setOption(Object handle, java.net.SocketOption<T> option, T value);

    /** The value of a socket option (the options of {@link #setOption}). */
    <T> T getOption(Object handle, java.net.SocketOption<T> option);

    /** Receives up to {@code len} bytes: {@code result} is the count, 0 at end of stream. */
    boolean recv(IoTaskRecord r, Object socket, byte[] buf, int off, int len);

    /** Sends up to {@code len} bytes: {@code result} is the count sent. */
    boolean send(IoTaskRecord r, Object socket, byte[] buf, int off, int len);

    // ---- files: native only where nativeFiles() is true; otherwise IoFile offloads them ----

    /** Whether the file operations below are native; when false, callers offload files instead. */
    default boolean nativeFiles() {
        return false;
    }

    /** Opens {@code path} with open(2) {@code flags} and {@code mode}: {@code value} is the file. */
    default boolean openFile(IoTaskRecord r, String path, int flags, int mode) {
        throw new UnsupportedOperationException(name() + " has no native files");
    }

    /** Reads up to {@code len} bytes at {@code position}: {@code result} is the count, 0 at end of file. */
    default boolean readFile(IoTaskRecord r, Object file, byte[] buf, int off, int len, long position) {
        throw new UnsupportedOperationException(name() + " has no native files");
    }

    /** Writes up to {@code len} bytes at {@code position}: {@code result} is the count written. */
    default boolean writeFile(IoTaskRecord r, Object file, byte[] buf, int off, int len, long position) {
        throw new UnsupportedOperationException(name() + " has no native files");
    }

    /** Truncates (or extends) the file to {@code length} bytes. */
    default boolean truncateFile(IoTaskRecord r, Object file, long length) {
        throw new UnsupportedOperationException(name() + " has no native files");
    }

    /** Stats {@code path} (following links): {@code value} is an {@code IoFile.Stat}. */
    default boolean statFile(IoTaskRecord r, String path) {
        throw new UnsupportedOperationException(name() + " has no native files");
    }

    /** Closes a file: {@code result} is 0 or -errno; pending operations on it complete with -EBADF. */
    default boolean closeFile(IoTaskRecord r, Object file) {
        throw new UnsupportedOperationException(name() + " has no native files");
    }

    /** Ends {@code r}'s pending operation: it completes with {@code -ECANCELED} from a later poll. */
    void cancel(IoTaskRecord r);

    /** Closes a socket or listener; pending operations on it complete with {@code -EBADF}. */
    void close(Object handle);

    /**
     * Waits up to {@code timeoutNanos} (negative: until something completes or {@link #wake()};
     * 0: no waiting) and delivers completions. Returns how many it delivered.
     */
    int poll(long timeoutNanos, Completions sink);

    /** Makes a blocked or next {@link #poll} return; safe from any thread. */
    void wake();

    @Override
    void close();
}
