package dev.lockstep.io;

import dev.lockstep.io.internal.IoTaskRecord;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A listening stream socket of the calling task's runtime: TCP when bound to an {@link
 * InetSocketAddress}, Unix domain when bound to a {@link UnixDomainSocketAddress} (one class for
 * both, as the operations are the same; the reuse options apply to TCP only). {@link #accept()}
 * suspends the task until a connection arrives. Created and used inside tasks of one runtime.
 * Closing a Unix domain listener deletes its socket file.
 */
public final class TcpListener implements AutoCloseable {
    private final IoRuntime runtime;
    private final Object handle;
    private final SocketAddress address;
    private boolean closed;

    private TcpListener(IoRuntime runtime, Object handle) {
        this.runtime = runtime;
        this.handle = handle;
        this.address = runtime.backend().localAddress(handle);
    }

    /** Binds and listens on {@code address} (port 0: any free port) with SO_REUSEADDR, backlog 1024. */
    public static TcpListener bind(SocketAddress address) {
        return bind(address, 1024, true, false);
    }

    /** Binds and listens with the given backlog and options (SO_REUSEADDR, SO_REUSEPORT). */
    public static TcpListener bind(SocketAddress address, int backlog, boolean reuseAddress, boolean reusePort) {
        IoRuntime rt = IoRuntime.current();
        Objects.requireNonNull(address, "address");
        return new TcpListener(rt, rt.backend().listen(address, backlog, reuseAddress, reusePort));
    }

    /**
     * The TCP address it listens on (with the port chosen for port 0).
     *
     * @throws IllegalStateException for a Unix domain listener (see {@link #socketAddress()})
     */
    public InetSocketAddress address() {
        if (address instanceof InetSocketAddress a) {
            return a;
        }
        throw new IllegalStateException("listener " + address + " is a Unix domain socket: use socketAddress()");
    }

    /** The address it listens on: an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}. */
    public SocketAddress socketAddress() {
        return address;
    }

    /** Sets a socket option on the listening socket (SO_REUSEADDR, SO_REUSEPORT, SO_RCVBUF). */
    public <T> TcpListener setOption(SocketOption<T> option, T value) {
        check();
        runtime.backend().setOption(handle, option, value);
        return this;
    }

    /** The value of a socket option. */
    public <T> T getOption(SocketOption<T> option) {
        check();
        return runtime.backend().getOption(handle, option);
    }

    /** Waits for a connection; never returns a failed or stale socket. */
    public TcpSocket accept() {
        return accept(null);
    }

    /** As {@link #accept()}, failing with TIMED_OUT after {@code timeout} (null: none). */
    public TcpSocket accept(Duration timeout) {
        check();
        IoTaskRecord r = runtime.selfForIo();
        boolean now = runtime.backend().accept(r, handle);
        runtime.await(r, now, timeout, "accept on", address);
        Object s = r.value;
        r.value = null;
        return new TcpSocket(runtime, s);
    }

    private void check() {
        if (closed) {
            throw new IoException(IoError.CLOSED, "listener " + address + " is closed");
        }
    }

    /** Closes it; a task waiting in accept fails with CLOSED. A Unix domain socket file is deleted. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            runtime.backend().close(handle);
            if (address instanceof UnixDomainSocketAddress u) {
                try {
                    java.nio.file.Files.deleteIfExists(u.getPath()); // one unlink: not worth a pool thread
                } catch (java.io.IOException e) {
                    throw new IoException(IoError.OTHER, "delete the socket file " + u.getPath() + ": " + e, e);
                }
            }
        }
    }
}
