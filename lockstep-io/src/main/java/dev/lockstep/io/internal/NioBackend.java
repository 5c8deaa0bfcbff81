package dev.lockstep.io.internal;

import dev.lockstep.io.IoCapability;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The NIO backend: java.nio selectors (epoll on Linux, kqueue on macOS) for sockets. An operation
 * is tried at once on the non-blocking channel; if it would block, the task's record waits in the
 * channel's {@link Chan} (one reader side: accept or recv; one writer side: connect or send) and
 * the channel's interest set names the sides waiting. {@link #poll} selects, retries the ready
 * sides and completes their records. Read interest is dropped lazily: it stays set after a
 * read completes (the task usually reads again before more data arrives, and each change of the
 * interest set costs the selector an update) and is cleared only when the channel turns readable
 * with nobody reading, so a level-triggered selector does not spin.
 *
 * <p>Invariants: a side holds at most one waiting record; a record is completed exactly once (by
 * its retry, by {@link #cancel}, or by {@link #close(Object)}); a failed connect or accept leaves
 * {@code value} null and {@code result} negative. Only the loop thread touches channels, keys and
 * records; {@link #wake()} (any thread) is {@link Selector#wakeup()}.
 */
public final class NioBackend implements Backend {
    private final Selector selector;
    /** Records completed outside a select (cancelled, closed), delivered by the next poll. */
    private final ArrayDeque<IoTaskRecord> ready = new ArrayDeque<>();
    /** {@link #ready} as the select action, made once. */
    private final java.util.function.Consumer<SelectionKey> onReady = this::ready;
    /** The sink and count of the {@link #poll} in progress (loop thread only). */
    private Completions pollSink;

    private int pollDone;

    /** Where a datagram lands first, so that its whole length is known (UDP's largest fits). */
    private final ByteBuffer datagramScratch = ByteBuffer.allocateDirect(65_536);

    /** The options {@link #setOption} accepts. */
    private static final Set<SocketOption<?>> OPTIONS = Set.of(
            StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE,
            StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF);

    /** A channel and the records waiting on its two sides. */
    static final class Chan {
        final SelectableChannel ch;
        SelectionKey key;
        IoTaskRecord reader;
        ByteBuffer rbuf;
        IoTaskRecord writer;
        ByteBuffer wbuf;
        /** The read and write sides' views of the caller's array, reused while it passes the same one. */
        ByteBuffer rview;

        ByteBuffer wview;
        SocketAddress target;
        boolean connecting;

        Chan(SelectableChannel ch) {
            this.ch = ch;
        }

        @Override
        public String toString() {
            return String.valueOf(ch);
        }
    }

    public NioBackend() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a NIO selector: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "nio";
    }

    /** Sockets through the selector; files and directories go to the blocking pool. */
    @Override
    public Set<IoCapability> capabilities() {
        return Collections.unmodifiableSet(EnumSet.of(
                IoCapability.TCP_ACCEPT,
                IoCapability.TCP_CONNECT,
                IoCapability.TCP_RECV,
                IoCapability.TCP_SEND,
                IoCapability.UDP_SEND,
                IoCapability.UDP_RECEIVE,
                IoCapability.CANCEL));
    }

    @Override
    public Object listen(SocketAddress address, int backlog, boolean reuseAddress, boolean reusePort) {
        ServerSocketChannel s = null;
        try {
            if (address instanceof UnixDomainSocketAddress) {
                s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            } else {
                s = ServerSocketChannel.open();
                s.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
                if (reusePort) {
                    s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
            }
            s.bind(address, backlog);
            s.configureBlocking(false);
            return new Chan(s);
        } catch (IOException e) {
            closeQuietly(s);
            throw Errors.exception("listen on " + address, Errors.errno(e), e);
        }
    }

    @Override
    public Object openUdp(SocketAddress address, boolean reuseAddress, boolean reusePort) {
        DatagramChannel d = null;
        try {
            d = DatagramChannel.open();
            d.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
            if (reusePort) {
                d.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            d.bind(address);
            d.configureBlocking(false);
            return new Chan(d);
        } catch (IOException e) {
            closeQuietly(d);
            throw Errors.exception("bind UDP on " + address, Errors.errno(e), e);
        }
    }

    @Override
    public boolean sendTo(IoTaskRecord r, Object udp, byte[] buf, int off, int len, SocketAddress target) {
        Chan c = (Chan) udp;
        ByteBuffer b = writeView(c, buf, off, len);
        if (trySendTo(r, c, b, target)) {
            return true;
        }
        return waitWrite(r, c, b, target);
    }

    private static boolean trySendTo(IoTaskRecord r, Chan c, ByteBuffer b, SocketAddress target) {
        try {
            int n = ((DatagramChannel) c.ch).send(b, target);
            if (n == 0 && b.hasRemaining()) {
                return false; // no room in the socket's buffer: the datagram was not sent
            }
            r.result = n;
        } catch (IOException e) {
            r.result = -Errors.errno(e);
        }
        return true;
    }

    @Override
    public boolean recvFrom(IoTaskRecord r, Object udp, byte[] buf, int off, int len) {
        Chan c = (Chan) udp;
        ByteBuffer b = readView(c, buf, off, len);
        if (tryRecvFrom(r, c, b)) {
            return true;
        }
        return waitRead(r, c, b, SelectionKey.OP_READ);
    }

    private boolean tryRecvFrom(IoTaskRecord r, Chan c, ByteBuffer b) {
        try {
            ByteBuffer scratch = datagramScratch.clear();
            SocketAddress from = ((DatagramChannel) c.ch).receive(scratch);
            if (from == null) {
                return false;
            }
            int n = scratch.flip().remaining();
            b.put(scratch.limit(Math.min(n, b.remaining()))); // the rest is cut; result says how much was sent
            r.value = from;
            r.result = n;
        } catch (IOException e) {
            r.value = null;
            r.result = -Errors.errno(e);
        }
        return true;
    }

    @Override
    public <T> void setOption(Object handle, SocketOption<T> option, T value) {
        NetworkChannel ch = optionChannel(handle, option);
        try {
            ch.setOption(option, value);
        } catch (IOException e) {
            throw Errors.exception("set " + option + " on " + handle, Errors.errno(e), e);
        }
    }

    @Override
    public <T> T getOption(Object handle, SocketOption<T> option) {
        NetworkChannel ch = optionChannel(handle, option);
        try {
            return ch.getOption(option);
        } catch (IOException e) {
            throw Errors.exception("get " + option + " of " + handle, Errors.errno(e), e);
        }
    }

    private static NetworkChannel optionChannel(Object handle, SocketOption<?> option) {
        NetworkChannel ch = (NetworkChannel) ((Chan) handle).ch;
        if (!OPTIONS.contains(option) || !ch.supportedOptions().contains(option)) {
            throw new IllegalArgumentException("socket option " + option + " is not supported on " + handle
                    + " (supported: SO_REUSEADDR, SO_REUSEPORT, TCP_NODELAY, SO_KEEPALIVE, SO_RCVBUF, SO_SNDBUF,"
                    + " where the socket's kind has them)");
        }
        return ch;
    }

    @Override
    public SocketAddress localAddress(Object handle) {
        try {
            return ((NetworkChannel) ((Chan) handle).ch).getLocalAddress();
        } catch (IOException e) {
            throw Errors.exception("local address of " + handle, Errors.errno(e), e);
        }
    }

    @Override
    public SocketAddress remoteAddress(Object handle) {
        try {
            return ((Chan) handle).ch instanceof SocketChannel s ? s.getRemoteAddress() : null;
        } catch (IOException e) {
            throw Errors.exception("remote address of " + handle, Errors.errno(e), e);
        }
    }

    @Override
    public boolean accept(IoTaskRecord r, Object listener) {
        Chan c = (Chan) listener;
        if (tryAccept(r, c)) {
            return true;
        }
        return waitRead(r, c, null, SelectionKey.OP_ACCEPT);
    }

    private static boolean tryAccept(IoTaskRecord r, Chan c) {
        try {
            SocketChannel s = ((ServerSocketChannel) c.ch).accept();
            if (s == null) {
                return false;
            }
            s.configureBlocking(false);
            r.value = new Chan(s);
            r.result = 0;
        } catch (IOException e) {
            r.value = null; // invariant: a failed accept yields no channel
            r.result = -Errors.errno(e);
        }
        return true;
    }

    @Override
    public boolean connect(IoTaskRecord r, SocketAddress address, boolean noDelay) {
        SocketChannel s = null;
        try {
            if (address instanceof UnixDomainSocketAddress) {
                s = SocketChannel.open(StandardProtocolFamily.UNIX);
            } else {
                s = SocketChannel.open();
                s.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
            }
            s.configureBlocking(false);
            Chan c = new Chan(s);
            if (s.connect(address)) {
                r.value = c;
                r.result = 0;
                return true;
            }
            c.connecting = true;
            c.writer = r;
            r.pending = c;
            register(c, SelectionKey.OP_CONNECT);
            return false;
        } catch (IOException e) {
            closeQuietly(s);
            r.value = null; // invariant: a failed connect yields no channel
            r.result = -Errors.errno(e);
            return true;
        }
    }

    @Override
    public boolean recv(IoTaskRecord r, Object socket, byte[] buf, int off, int len) {
        Chan c = (Chan) socket;
        ByteBuffer b = readView(c, buf, off, len);
        if (tryRecv(r, c, b)) {
            return true;
        }
        return waitRead(r, c, b, SelectionKey.OP_READ);
    }

    private static boolean tryRecv(IoTaskRecord r, Chan c, ByteBuffer b) {
        try {
            int n = ((SocketChannel) c.ch).read(b);
            if (n == 0 && b.hasRemaining()) {
                return false;
            }
            r.result = Math.max(n, 0); // -1 (end of stream) is 0 bytes
        } catch (IOException e) {
            r.result = -Errors.errno(e);
        }
        return true;
    }

    @Override
    public boolean send(IoTaskRecord r, Object socket, byte[] buf, int off, int len) {
        Chan c = (Chan) socket;
        ByteBuffer b = writeView(c, buf, off, len);
        if (trySend(r, c, b)) {
            return true;
        }
        return waitWrite(r, c, b, null);
    }

    private static boolean trySend(IoTaskRecord r, Chan c, ByteBuffer b) {
        try {
            int n = ((SocketChannel) c.ch).write(b);
            if (n == 0 && b.hasRemaining()) {
                return false;
            }
            r.result = n;
        } catch (IOException e) {
            r.result = -Errors.errno(e);
        }
        return true;
    }

    /**
     * A buffer over {@code buf[off, off + len)} for the read side: the side's last view when it
     * wraps the same array (a connection's loop passes the same buffer every time, so a recv
     * allocates nothing), else a new one kept for next time. One reader per side: not shared.
     */
    private static ByteBuffer readView(Chan c, byte[] buf, int off, int len) {
        ByteBuffer b = c.rview;
        if (b == null || b.array() != buf) {
            b = c.rview = ByteBuffer.wrap(buf);
        }
        return b.limit(off + len).position(off);
    }

    /** As {@link #readView}, for the write side. */
    private static ByteBuffer writeView(Chan c, byte[] buf, int off, int len) {
        ByteBuffer b = c.wview;
        if (b == null || b.array() != buf) {
            b = c.wview = ByteBuffer.wrap(buf);
        }
        return b.limit(off + len).position(off);
    }

    /** The write side waits for room: a send, or a datagram to {@code target} (null for a stream). */
    private boolean waitWrite(IoTaskRecord r, Chan c, ByteBuffer b, SocketAddress target) {
        if (c.writer != null) {
            throw new IllegalStateException("two tasks send on " + c + " at once");
        }
        c.writer = r;
        c.wbuf = b;
        c.target = target;
        r.pending = c;
        register(c, SelectionKey.OP_WRITE);
        return false;
    }

    private boolean waitRead(IoTaskRecord r, Chan c, ByteBuffer b, int op) {
        if (c.reader != null) {
            throw new IllegalStateException("two tasks wait to read from " + c + " at once");
        }
        c.reader = r;
        c.rbuf = b;
        r.pending = c;
        register(c, op);
        return false;
    }

    private void register(Chan c, int op) {
        try {
            if (c.key == null) {
                c.key = c.ch.register(selector, op, c);
            } else {
                c.key.interestOps(c.key.interestOps() | op);
            }
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("register closed channel " + c, e);
        }
    }

    @Override
    public void cancel(IoTaskRecord r) {
        if (!(r.pending instanceof Chan c)) {
            return;
        }
        if (c.reader == r) {
            c.reader = null;
            c.rbuf = null;
            unregister(c, SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        } else if (c.writer == r) {
            c.writer = null;
            c.wbuf = null;
            c.target = null;
            unregister(c, SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
            if (c.connecting) {
                closeQuietly(c.ch); // a cancelled connect yields no socket
            }
        } else {
            return;
        }
        r.pending = null;
        r.value = null;
        r.result = -ECANCELED;
        ready.add(r);
    }

    private static void unregister(Chan c, int ops) {
        if (c.key != null && c.key.isValid()) {
            c.key.interestOps(c.key.interestOps() & ~ops);
        }
    }

    @Override
    public void close(Object handle) {
        Chan c = (Chan) handle;
        failWaiting(c, -EBADF);
        closeQuietly(c.ch);
    }

    private void failWaiting(Chan c, int result) {
        for (IoTaskRecord r : new IoTaskRecord[] {c.reader, c.writer}) {
            if (r != null) {
                r.pending = null;
                r.value = null;
                r.result = result;
                ready.add(r);
            }
        }
        c.reader = null;
        c.writer = null;
    }

    @Override
    public int poll(long timeoutNanos, Completions sink) {
        pollSink = sink;
        pollDone = 0;
        try {
            if (!ready.isEmpty() || timeoutNanos == 0) {
                selector.selectNow(onReady);
            } else if (timeoutNanos < 0) {
                selector.select(onReady);
            } else {
                selector.select(onReady, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            }
        } catch (IOException e) {
            throw new IllegalStateException("NIO select failed: " + e.getMessage(), e);
        }
        int done = pollDone;
        IoTaskRecord r;
        while ((r = this.ready.poll()) != null) {
            sink.complete(r);
            done++;
        }
        pollSink = null;
        return done;
    }

    /**
     * Handles one ready key during a select. The action form of select is used, not the selected-key
     * set: the set allocates a node per ready key, about one per request under load.
     */
    private void ready(SelectionKey k) {
        Chan c = (Chan) k.attachment();
        if (!k.isValid()) {
            failWaiting(c, -EBADF);
            return;
        }
        int ready = k.readyOps();
        if (c.reader != null && (ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            IoTaskRecord r = c.reader;
            boolean finished = c.ch instanceof ServerSocketChannel
                    ? tryAccept(r, c)
                    : c.ch instanceof DatagramChannel ? tryRecvFrom(r, c, c.rbuf) : tryRecv(r, c, c.rbuf);
            if (finished) {
                c.reader = null;
                c.rbuf = null;
                // read interest stays: the task usually reads again before more data comes, and
                // clearing then setting it queues a selector update (an epoll_ctl and a boxed fd)
                r.pending = null;
                pollSink.complete(r);
                pollDone++;
            }
        } else if (c.reader == null && (ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            unregister(c, SelectionKey.OP_READ | SelectionKey.OP_ACCEPT); // readable, nobody reading: stop the events
        }
        if (c.writer != null && (ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            IoTaskRecord r = c.writer;
            boolean finished = c.connecting
                    ? finishConnect(r, c)
                    : c.ch instanceof DatagramChannel ? trySendTo(r, c, c.wbuf, c.target) : trySend(r, c, c.wbuf);
            if (finished) {
                c.writer = null;
                c.wbuf = null;
                c.target = null;
                unregister(c, SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
                r.pending = null;
                pollSink.complete(r);
                pollDone++;
            }
        }
    }

    private static boolean finishConnect(IoTaskRecord r, Chan c) {
        try {
            if (!((SocketChannel) c.ch).finishConnect()) {
                return false;
            }
            c.connecting = false;
            r.value = c;
            r.result = 0;
        } catch (IOException e) {
            closeQuietly(c.ch);
            r.value = null; // invariant: a failed connect yields no channel
            r.result = -Errors.errno(e);
        }
        return true;
    }

    @Override
    public void wake() {
        selector.wakeup();
    }

    @Override
    public void close() {
        for (SelectionKey k : selector.keys()) {
            Chan c = (Chan) k.attachment();
            failWaiting(c, -EBADF);
            closeQuietly(c.ch);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static void closeQuietly(SelectableChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing: nothing to report
            }
        }
    }
}
