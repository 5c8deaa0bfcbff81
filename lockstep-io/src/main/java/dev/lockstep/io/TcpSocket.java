package dev.lockstep.io;

import dev.lockstep.io.internal.IoTaskRecord;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.time.Duration;
import java.util.Objects;

/**
 * A connected stream socket of the calling task's runtime: TCP, or Unix domain when connected to
 * (or accepted from) a {@code UnixDomainSocketAddress}. Each call suspends the task until it
 * completes; at most one task receives and one sends on a socket at a time. Every failure is an
 * {@link IoException} whose {@link IoException#error()} says what happened.
 */
public final class TcpSocket implements ByteSource, ByteSink, AutoCloseable {
    private final IoRuntime runtime;
    private final Object handle;
    private boolean closed;

    TcpSocket(IoRuntime runtime, Object handle) {
        this.runtime = runtime;
        this.handle = Objects.requireNonNull(handle, "handle");
    }

    /** Connects to {@code address} (TCP with TCP_NODELAY, or a Unix domain socket path). */
    public static TcpSocket connect(SocketAddress address) {
        return connect(address, null);
    }

    /** As {@link #connect(SocketAddress)}, failing with TIMED_OUT after {@code timeout} (null: none). */
    public static TcpSocket connect(SocketAddress address, Duration timeout) {
        IoRuntime rt = IoRuntime.current();
        IoTaskRecord r = rt.selfForIo();
        boolean now = rt.backend().connect(r, Objects.requireNonNull(address, "address"), true);
        rt.await(r, now, timeout, "connect to", address);
        Object s = r.value;
        r.value = null;
        return new TcpSocket(rt, s);
    }

    /** Receives at least one byte into {@code buf[off, off + len)}; returns the count, 0 at end of stream. */
    public int recv(byte[] buf, int off, int len) {
        return recv(buf, off, len, null);
    }

    /** As {@link #recv(byte[], int, int)}, failing with TIMED_OUT after {@code timeout} (null: none). */
    public int recv(byte[] buf, int off, int len, Duration timeout) {
        check();
        Objects.checkFromIndexSize(off, len, buf.length);
        IoTaskRecord r = runtime.selfForIo();
        boolean now = runtime.backend().recv(r, handle, buf, off, len);
        return (int) runtime.await(r, now, timeout, "recv from", handle);
    }

    /** As {@link #recv(byte[], int, int)}: a socket is a {@link ByteSource}. */
    @Override
    public int read(byte[] buf, int off, int len) {
        return recv(buf, off, len);
    }

    /** As {@link #sendAll}: a socket is a {@link ByteSink}. */
    @Override
    public void writeAll(byte[] buf, int off, int len) {
        sendAll(buf, off, len);
    }

    /** Receives exactly {@code len} bytes; fails with CLOSED if the stream ends first. */
    public void recvAll(byte[] buf, int off, int len) {
        int done = 0;
        while (done < len) {
            int n = recv(buf, off + done, len - done);
            if (n == 0) {
                throw new IoException(
                        IoError.CLOSED,
                        "recvAll from " + handle + ": the stream ended after " + done + " of " + len + " bytes");
            }
            done += n;
        }
    }

    /** Sends some of {@code buf[off, off + len)}; returns the count sent. */
    public int send(byte[] buf, int off, int len) {
        check();
        Objects.checkFromIndexSize(off, len, buf.length);
        IoTaskRecord r = runtime.selfForIo();
        boolean now = runtime.backend().send(r, handle, buf, off, len);
        return (int) runtime.await(r, now, null, "send to", handle);
    }

    /** Sends all of {@code buf[off, off + len)}. */
    public void sendAll(byte[] buf, int off, int len) {
        int done = 0;
        while (done < len) {
            done += send(buf, off + done, len - done);
        }
    }

    /** Sets a socket option (TCP_NODELAY, SO_KEEPALIVE, SO_RCVBUF, SO_SNDBUF, ...; TCP only for TCP's). */
    public <T> TcpSocket setOption(SocketOption<T> option, T value) {
        check();
        runtime.backend().setOption(handle, option, value);
        return this;
    }

    /** The value of a socket option. */
    public <T> T getOption(SocketOption<T> option) {
        check();
        return runtime.backend().getOption(handle, option);
    }

    /**
     * The peer's address: an {@code InetSocketAddress} for TCP (a Unix domain peer may have none:
     * null). Read once per socket (getpeername on io_uring), then cached.
     */
    public SocketAddress remoteAddress() {
        check();
        return runtime.backend().remoteAddress(handle);
    }

    /** The address this socket is bound to (getsockname). */
    public SocketAddress localAddress() {
        check();
        return runtime.backend().localAddress(handle);
    }

    private void check() {
        if (closed) {
            throw new IoException(IoError.CLOSED, "socket " + handle + " is closed");
        }
    }

    /** Closes it; a task waiting on it fails with CLOSED. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            runtime.backend().close(handle);
        }
    }
}
