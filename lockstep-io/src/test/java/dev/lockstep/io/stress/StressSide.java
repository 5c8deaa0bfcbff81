package dev.lockstep.io.stress;

import dev.lockstep.core.coroutine.CoroutineClosedException;
import dev.lockstep.io.Channel;
import dev.lockstep.io.IoError;
import dev.lockstep.io.IoException;
import dev.lockstep.io.IoFile;
import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.IoTask;
import dev.lockstep.io.TaskHandle;
import dev.lockstep.io.TaskState;
import dev.lockstep.io.TcpListener;
import dev.lockstep.io.TcpSocket;
import dev.lockstep.io.stress.StressPlan.Conn;
import dev.lockstep.io.stress.StressPlan.Segment;
import dev.lockstep.io.stress.StressPlan.Side;
import dev.lockstep.io.stress.StressPlan.Step;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One side of a seed's run: the tasks of one runtime. The setup task makes the side's directory,
 * binds a TCP and a Unix listener, swaps TCP ports with the other side through two channels (the
 * Unix addresses are derived from the directories), then spawns the two acceptors, one task per
 * connection this side connects, and the local file chains. A connection's segment opens with a
 * 12-byte header naming it, runs its steps ({@link StressStep}) on both sides from the same plan,
 * and ends with a close and the end of stream; every byte is checked, and any mismatch or
 * unexpected error fails the task, which the runtime reports to {@link StressRun}.
 *
 * <p>For the watchdog, each task records its handle and a line saying what it does now (two
 * concurrent maps written by this side's loop thread, read by the watchdog thread): that is all
 * the state outside the runtime, besides the count of finished units.
 */
final class StressSide {
    private static final int MAGIC = 0x10C57E55;

    private final StressPlan plan;
    final Side side;
    final IoRuntime rt;
    final Path dir;
    private final Channel<Integer> inbound;
    private final Channel<Integer> outbound;
    final StressRun.Fault fault;
    private final Map<String, TaskHandle> tasks = new ConcurrentSkipListMap<>();
    private final Map<String, String> activity = new ConcurrentSkipListMap<>();
    final AtomicInteger done = new AtomicInteger();
    /** Bytes checked as received over sockets, bytes checked as read back from files, TIMED_OUTs seen. */
    long tcpChecked, fileChecked, timedOut; // loop thread; read once the loop has ended
    /** Receives ended by IoRuntime.cancel. */
    long cancelled; // loop thread; read once the loop has ended

    boolean faultUsed; // loop thread only
    private int peerPort; // loop thread only

    StressSide(
            StressPlan plan,
            Side side,
            IoRuntime rt,
            Path dir,
            Channel<Integer> inbound,
            Channel<Integer> outbound,
            StressRun.Fault fault) {
        this.plan = plan;
        this.side = side;
        this.rt = rt;
        this.dir = dir;
        this.inbound = inbound;
        this.outbound = outbound;
        this.fault = fault;
    }

    /** Spawns the setup task (call before the runtime's loop). */
    void start() {
        spawn(side + " setup", this::setup);
    }

    /** What each task of this side was doing, one line per task, for the watchdog. */
    String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append("  side ").append(side).append(": ").append(done.get()).append(" of ");
        sb.append(plan.units(side)).append(" units done\n");
        for (Map.Entry<String, String> e : activity.entrySet()) {
            TaskHandle h = tasks.get(e.getKey());
            sb.append("    ").append(e.getKey()).append(" [").append(h == null ? "?" : h.state());
            sb.append("]: ").append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    // ---- tasks -------------------------------------------------------------------------------

    private TaskHandle spawn(String label, IoTask body) {
        activity.put(label, "spawned");
        return rt.spawn(r -> {
            tasks.put(label, r.currentHandle());
            try {
                body.run(r);
            } catch (CoroutineClosedException e) {
                throw e; // the runtime stops: let the task end
            } catch (RuntimeException e) { // an unexpected error (I/O or other): say where it happened
                throw new AssertionError(label + ": " + activity.get(label) + ": " + e, e);
            }
            activity.put(label, "done");
        });
    }

    /** A task the caller waits for with {@link Join#join}. */
    final class Join {
        private final TaskHandle waiter;
        final TaskHandle handle;
        boolean finished;
        private Throwable failure;

        Join(String label, IoTask body) {
            waiter = rt.currentHandle();
            handle = spawn(label, r -> {
                try {
                    body.run(r);
                } catch (RuntimeException | Error e) {
                    failure = e;
                    throw e;
                } finally {
                    finished = true;
                    r.trigger(waiter);
                }
            });
        }

        void join() {
            while (!finished) {
                rt.park(); // triggers are permits: re-check after each wake
            }
            if (failure != null) {
                throw new AssertionError("a helper task failed: " + failure.getMessage(), failure);
            }
        }
    }

    /** Spawns {@code body} as a helper task of the calling task, which waits for it with {@link Join#join}. */
    Join helper(String label, IoTask body) {
        return new Join(label, body);
    }

    void track(String label, String what) {
        activity.put(label, what);
    }

    private void setup(IoRuntime r) {
        String label = side + " setup";
        track(label, "creating " + dir);
        IoFile.createDirectory(dir);
        TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
        TcpListener unix = TcpListener.bind(unixAddress(side));
        track(label, "sending the port of " + listener.address());
        outbound.send(listener.address().getPort()); // sent once both listen
        track(label, "waiting for the other side's port");
        peerPort = inbound.receive();
        spawn(side + " acceptor", x -> acceptor(listener, false));
        spawn(side + " unix acceptor", x -> acceptor(unix, true));
        for (Conn c : plan.conns()) {
            if (c.connector() == side) {
                spawn(side + " conn " + c.id(), x -> connector(c));
            }
        }
        for (StressPlan.LocalChain l : plan.locals(side)) {
            String chain = side + " local " + l.id();
            spawn(chain, x -> {
                LocalChains.run(l, dir, msg -> track(chain, msg));
                done.incrementAndGet();
            });
        }
        done.incrementAndGet();
    }

    /** The Unix socket address {@code s} listens on (in its directory: the other side derives it). */
    private UnixDomainSocketAddress unixAddress(Side s) {
        return UnixDomainSocketAddress.of(dir.resolveSibling(s.name()).resolve("listen.sock"));
    }

    private void acceptor(TcpListener listener, boolean unix) {
        String label = side + (unix ? " unix acceptor" : " acceptor");
        SplittableRandom rnd = new SplittableRandom(Bytes.derive(plan.seed(), 100 + side.ordinal() + (unix ? 2 : 0)));
        int n = plan.accepts(side, unix);
        // closed only on success, as a segment's socket (see runSegment)
        for (int i = 0; i < n; i++) {
            track(label, "accept " + (i + 1) + " of " + n);
            TcpSocket s = null;
            while (s == null) {
                if (rnd.nextInt(3) == 0) { // a short timeout: TIMED_OUT must lose no connection
                    try {
                        s = listener.accept(Duration.ofMillis(1 + rnd.nextInt(3)));
                    } catch (IoException e) {
                        if (e.error() != IoError.TIMED_OUT) {
                            throw e;
                        }
                        timedOut++;
                    }
                } else {
                    s = listener.accept();
                }
            }
            TcpSocket accepted = s;
            String l = side + (unix ? " unix accepted " : " accepted ") + i;
            spawn(l, x -> accepted(accepted, l));
        }
        if (rnd.nextBoolean()) { // a task waiting in accept on the listener must fail with CLOSED
            awaitClosed(label + " accept-at-close", listener::accept, listener::close);
        }
        listener.close();
        done.incrementAndGet();
    }

    /** An accepted socket: its header names the connection and segment, then the segment runs. */
    private void accepted(TcpSocket s, String label) {
        byte[] h = new byte[12];
        track(label, "reading the header");
        s.recvAll(h, 0, h.length);
        ByteBuffer b = ByteBuffer.wrap(h);
        int magic = b.getInt();
        int conn = b.getInt();
        int seg = b.getInt();
        if (magic != MAGIC || conn < 0 || conn >= plan.conns().size()) {
            throw new AssertionError(label + ": bad header " + Integer.toHexString(magic) + " conn " + conn);
        }
        Conn c = plan.conns().get(conn);
        if (c.connector() == side
                || c.unix() != label.contains("unix")
                || seg < 0
                || seg >= c.segments().size()) {
            throw new AssertionError(label + ": header names conn " + conn + " seg " + seg + ", not ours to accept");
        }
        runSegment(s, c, c.segments().get(seg), label);
    }

    private void connector(Conn c) {
        String label = side + " conn " + c.id();
        SocketAddress peer = c.unix() ? unixAddress(side.other()) : new InetSocketAddress("127.0.0.1", peerPort);
        for (Segment g : c.segments()) {
            track(label, "connecting for seg " + g.index());
            TcpSocket s = c.timedConnect() ? TcpSocket.connect(peer, Duration.ofSeconds(20)) : TcpSocket.connect(peer);
            byte[] h = ByteBuffer.allocate(12)
                    .putInt(MAGIC)
                    .putInt(c.id())
                    .putInt(g.index())
                    .array();
            s.sendAll(h, 0, h.length);
            runSegment(s, c, g, label);
        }
    }

    // ---- a segment ---------------------------------------------------------------------------

    private void runSegment(TcpSocket s, Conn c, Segment g, String label) {
        // not try-with-resources: a failing task leaves its socket open, so the other side sees
        // nothing (no end of stream) before this side's failure is recorded and both runtimes stop;
        // the first failure reported is then the cause, not a consequence
        if (fault == StressRun.Fault.HANG && side == Side.A && !faultUsed) {
            faultUsed = true;
            track(label, "fault HANG: parked for good at conn " + c.id() + " seg " + g.index());
            while (true) {
                rt.park(); // nobody triggers it: the watchdog must end the run
            }
        }
        for (Step st : g.steps()) {
            String where = "conn " + c.id() + " seg " + g.index() + " step " + st.index() + " " + st.kind() + " "
                    + st.from() + "->" + st.from().other() + " " + st.len() + " B";
            SplittableRandom rnd = new SplittableRandom(Bytes.derive(st.seed(), 1 + side.ordinal()));
            pause(rnd);
            track(label, where);
            new StressStep(this, s, st, rnd, where, label).run();
        }
        endOfSegment(s, g, c, label);
        s.close();
        done.incrementAndGet();
    }

    private void pause(SplittableRandom rnd) {
        int k = rnd.nextInt(10);
        if (k < 2) {
            for (int i = rnd.nextInt(3); i >= 0; i--) {
                rt.yieldNow();
            }
        } else if (k == 2) {
            rt.sleep(Duration.ofNanos(rnd.nextInt(2_000_000)));
        }
    }

    /**
     * Spawns a helper that waits in {@code op} (which nothing completes), closes the socket or
     * listener once the helper waits, and checks that the helper's call failed with CLOSED.
     */
    private void awaitClosed(String helper, java.util.function.Supplier<Object> op, Runnable close) {
        Join j = helper(helper, r -> {
            Object got;
            try {
                got = op.get();
            } catch (IoException e) {
                if (e.error() != IoError.CLOSED) {
                    throw new AssertionError(
                            helper + ": closing failed the waiting call with " + e.error() + ", not CLOSED", e);
                }
                return;
            }
            throw new AssertionError(helper + ": the call waiting at the close returned " + got + " instead of failing"
                    + " with CLOSED");
        });
        while (!j.finished && j.handle.state() != TaskState.WAITING_IO) {
            rt.yieldNow(); // until the helper waits in its call
        }
        close.run();
        j.join();
    }

    private void endOfSegment(TcpSocket s, Segment g, Conn c, String label) {
        if (g.closer() == side) {
            track(label, "closing seg " + g.index());
            if (g.closeWhileRecv()) { // a task waiting in recv on the socket must fail with CLOSED
                awaitClosed(label + " recv-at-close", () -> s.recv(new byte[8], 0, 8), s::close);
            }
            return; // the caller closes it (again: close is idempotent)
        }
        track(label, "waiting for the end of stream of seg " + g.index());
        byte[] b = new byte[16];
        int n = s.recv(b, 0, 1 + (int) (Math.abs(c.id() * 7L + g.index()) % 16));
        if (n != 0) {
            throw new AssertionError("conn " + c.id() + " seg " + g.index() + ": expected the end of stream after"
                    + " the last step, got " + n + " more bytes");
        }
    }
}
