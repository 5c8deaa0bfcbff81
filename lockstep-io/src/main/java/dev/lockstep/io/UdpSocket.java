package dev.lockstep.io;

import dev.lockstep.io.internal.IoTaskRecord;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.time.Duration;
import java.util.Objects;

/**
 * A UDP socket of the calling task's runtime: {@link #sendTo} and {@link #receiveFrom} one datagram
 * at a time, each suspending the task until it is done. At most one task receives and one sends on
 * it at a time. A datagram larger than the buffer given to {@link #receiveFrom} is cut to fit, and
 * the {@link Datagram} says so ({@link Datagram#truncated()}), with its whole length: nothing is
 * cut silently.
 */
public final class UdpSocket implements AutoCloseable {
    private final IoRuntime runtime;
    private final Object handle;
    private final InetSocketAddress address;
    private boolean closed;

    /**
     * One received datagram.
     *
     * @param length the datagram's whole length, in bytes
     * @param received the bytes placed in the buffer: {@code min(length, buffer length)}
     * @param sender where it came from
     */
    public record Datagram(int length, int received, InetSocketAddress sender) {
        /** Whether the datagram was longer than the buffer and cut to fit. */
        public boolean truncated() {
            return length > received;
        }
    }

    private UdpSocket(IoRuntime runtime, Object handle) {
        this.runtime = runtime;
        this.handle = handle;
        this.address = (InetSocketAddress) runtime.backend().localAddress(handle);
    }

    /** Binds a UDP socket to {@code address} (port 0: any free port), with SO_REUSEADDR off. */
    public static UdpSocket bind(SocketAddress address) {
        return bind(address, false, false);
    }

    /** Binds with the given options (SO_REUSEADDR, SO_REUSEPORT). */
    public static UdpSocket bind(SocketAddress address, boolean reuseAddress, boolean reusePort) {
        IoRuntime rt = IoRuntime.current();
        Objects.requireNonNull(address, "address");
        return new UdpSocket(rt, rt.backend().openUdp(address, reuseAddress, reusePort));
    }

    /** The address it is bound to (with the port chosen for port 0). */
    public InetSocketAddress address() {
        return address;
    }

    /** Sends {@code buf[off, off + len)} as one datagram to {@code target}. */
    public void sendTo(byte[] buf, int off, int len, SocketAddress target) {
        check();
        Objects.checkFromIndexSize(off, len, buf.length);
        Objects.requireNonNull(target, "target");
        IoTaskRecord r = runtime.selfForIo();
        boolean now = runtime.backend().sendTo(r, handle, buf, off, len, target);
        runtime.await(r, now, null, "send a datagram to", target);
    }

    /** Receives one datagram into {@code buf[off, off + len)}. */
    public Datagram receiveFrom(byte[] buf, int off, int len) {
        return receiveFrom(buf, off, len, null);
    }

    /** As {@link #receiveFrom(byte[], int, int)}, failing with TIMED_OUT after {@code timeout} (null: none). */
    public Datagram receiveFrom(byte[] buf, int off, int len, Duration timeout) {
        check();
        Objects.checkFromIndexSize(off, len, buf.length);
        IoTaskRecord r = runtime.selfForIo();
        boolean now = runtime.backend().recvFrom(r, handle, buf, off, len);
        int n = (int) runtime.await(r, now, timeout, "receive a datagram on", address);
        InetSocketAddress from = (InetSocketAddress) r.value;
        r.value = null;
        return new Datagram(n, Math.min(n, len), from);
    }

    /** Sets a socket option (SO_REUSEADDR, SO_REUSEPORT, SO_RCVBUF, SO_SNDBUF). */
    public <T> UdpSocket setOption(SocketOption<T> option, T value) {
        check();
        runtime.backend().setOption(handle, option, value);
        return this;
    }

    /** The value of a socket option. */
    public <T> T getOption(SocketOption<T> option) {
        check();
        return runtime.backend().getOption(handle, option);
    }

    private void check() {
        if (closed) {
            throw new IoException(IoError.CLOSED, "UDP socket " + address + " is closed");
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
