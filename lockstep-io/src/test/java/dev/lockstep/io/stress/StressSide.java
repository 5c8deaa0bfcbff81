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
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One side of a seed's run: the tasks of one runtime. The setup task makes the side's directory,
 * binds a listener, swaps ports with the other side through two channels, then spawns the
 * acceptor, one task per connection this side connects, and the local file chains. Each segment
 * runs its steps (see {@link StressPlan.Kind}) on both sides from the same plan, checking every
 * byte; any mismatch or unexpected error fails the task, which the runtime reports to
 * {@link StressRun}.
 *
 * <p>For the watchdog, each task records its handle and a line saying what it does now (two
 * concurrent maps written by this side's loop thread, read by the watchdog thread): that is all
 * the state outside the runtime, besides the count of finished units.
 */
final class StressSide {
    private static final int MAGIC = 0x10C57E55;
    private static final int MAX_CHUNK = 65_536;

    private final StressPlan plan;
    private final Side side;
    private final IoRuntime rt;
    private final Path dir;
    private final Channel<Integer> inbound;
    private final Channel<Integer> outbound;
    private final StressRun.Fault fault;
    private final Map<String, TaskHandle> tasks = new ConcurrentSkipListMap<>();
    private final Map<String, String> activity = new ConcurrentSkipListMap<>();
    final AtomicInteger done = new AtomicInteger();
    /** Bytes checked as received over TCP, bytes checked as read back from files, TIMED_OUTs seen. */
    long tcpChecked, fileChecked, timedOut; // loop thread; read once the loop has ended
    /** Receives ended by IoRuntime.cancel. */
    long cancelled; // loop thread; read once the loop has ended

    private boolean faultUsed; // loop thread only
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
    private final class Join {
        private final TaskHandle waiter;
        private final TaskHandle handle;
        private boolean finished;
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

    private void track(String label, String what) {
        activity.put(label, what);
    }

    private void setup(IoRuntime r) {
        String label = side + " setup";
        track(label, "creating " + dir);
        IoFile.createDirectory(dir);
        TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
        track(label, "sending the port of " + listener.address());
        outbound.send(listener.address().getPort());
        track(label, "waiting for the other side's port");
        peerPort = inbound.receive();
        spawn(side + " acceptor", x -> acceptor(x, listener));
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

    private void acceptor(IoRuntime r, TcpListener listener) {
        String label = side + " acceptor";
        SplittableRandom rnd = new SplittableRandom(Bytes.derive(plan.seed(), 100 + side.ordinal()));
        int n = plan.accepts(side);
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
            String l = side + " accepted " + i;
            spawn(l, x -> accepted(accepted, l));
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
        if (c.connector() == side || seg < 0 || seg >= c.segments().size()) {
            throw new AssertionError(label + ": header names conn " + conn + " seg " + seg + ", not ours to accept");
        }
        runSegment(s, c, c.segments().get(seg), label);
    }

    private void connector(Conn c) {
        String label = side + " conn " + c.id();
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", peerPort);
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
            new StepRunner(s, st, rnd, where, label).run();
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

    private void endOfSegment(TcpSocket s, Segment g, Conn c, String label) {
        if (g.closer() == side) {
            track(label, "closing seg " + g.index());
            return; // the caller closes it
        }
        track(label, "waiting for the end of stream of seg " + g.index());
        byte[] b = new byte[16];
        int n = s.recv(b, 0, 1 + (int) (Math.abs(c.id() * 7L + g.index()) % 16));
        if (n != 0) {
            throw new AssertionError("conn " + c.id() + " seg " + g.index() + ": expected the end of stream after"
                    + " the last step, got " + n + " more bytes");
        }
    }

    /** One step on this side. */
    private final class StepRunner {
        private final TcpSocket s;
        private final Step st;
        private final SplittableRandom rnd;
        private final String where;
        private final String label;
        private final boolean sender;

        StepRunner(TcpSocket s, Step st, SplittableRandom rnd, String where, String label) {
            this.s = s;
            this.st = st;
            this.rnd = rnd;
            this.where = where;
            this.label = label;
            this.sender = st.from() == side;
        }

        void run() {
            byte[] p = Bytes.payload(Bytes.derive(st.seed(), 10), st.len());
            switch (st.kind()) {
                case SEND -> {
                    if (sender) {
                        sendPayload(p, 0, p.length, 0);
                    } else {
                        recvChecked(p, "recv by " + side, null);
                    }
                }
                case ECHO -> echo(p);
                case FILE -> {
                    if (sender) {
                        fileOut(p);
                    } else {
                        fileIn(p);
                    }
                }
                case DUPLEX -> duplex(p);
                case TIMEOUT -> timeout();
                case RACE -> race(p);
                case CANCEL -> cancel(p);
            }
        }

        private void echo(byte[] p) {
            if (sender) {
                String helper = label + " echo-reader";
                SplittableRandom hr = rnd.split(); // before the spawn: the same chunks on every run
                Join reader = new Join(
                        helper,
                        r -> new StepRunner(s, st, hr, where, helper).recvChecked(p, "echo back to " + side, null));
                sendPayload(p, 0, p.length, 0);
                track(label, where + ": waiting for the echo");
                reader.join();
            } else {
                recvChecked(p, "recv by " + side + " (to echo)", (b, off, n, at) -> {
                    int half = rnd.nextInt(n + 1);
                    s.sendAll(b, off, half);
                    s.sendAll(b, off + half, n - half);
                });
            }
        }

        private void duplex(byte[] p) {
            byte[] q = Bytes.payload(Bytes.derive(st.seed(), 11), st.len2());
            byte[] mine = sender ? p : q;
            byte[] theirs = sender ? q : p;
            String helper = label + " duplex-writer";
            SplittableRandom hr = rnd.split(); // before the spawn: the same chunks on every run
            Join writer = new Join(
                    helper, r -> new StepRunner(s, st, hr, where, helper).sendPayload(mine, 0, mine.length, 0));
            recvChecked(theirs, "duplex recv by " + side, null);
            writer.join();
        }

        private void timeout() {
            byte token = (byte) st.seed();
            if (sender) { // waits for the token while the other side's recv times out
                byte[] b = new byte[1];
                s.recvAll(b, 0, 1);
                Bytes.check(where + ", token", new byte[] {token}, 0, b, 0, 1);
                return;
            }
            byte[] b = new byte[64];
            for (int i = 1 + rnd.nextInt(2); i > 0; i--) {
                try {
                    int n = s.recv(b, 0, 1 + rnd.nextInt(64), Duration.ofMillis(st.millis()));
                    throw new AssertionError(where + ": recv with a timeout while nothing was sent returned " + n
                            + " bytes instead of failing with TIMED_OUT");
                } catch (IoException e) {
                    if (e.error() != IoError.TIMED_OUT) {
                        throw new AssertionError(where + ": expected TIMED_OUT, got " + e.error(), e);
                    }
                    timedOut++;
                }
            }
            s.sendAll(new byte[] {token}, 0, 1); // the socket must still work
        }

        private void race(byte[] p) {
            if (sender) {
                if (st.millis() == 0) {
                    rt.yieldNow();
                } else {
                    rt.sleep(Duration.ofMillis(st.millis()));
                }
                sendPayload(p, 0, p.length, 0);
                return;
            }
            byte[] buf = new byte[p.length + 64];
            int got = 0;
            int timeouts = 0;
            while (got < p.length) {
                int off = rnd.nextInt(64);
                int want = Bytes.chunk(rnd, p.length - got, p.length);
                int n;
                Duration timeout = Duration.ofMillis(1 + rnd.nextInt(3));
                try { // the recv's own timeout, or a deadline scope around it
                    n = rnd.nextBoolean()
                            ? s.recv(buf, off, want, timeout)
                            : rt.withTimeout(timeout, () -> s.recv(buf, off, want));
                } catch (IoException e) {
                    if (e.error() != IoError.TIMED_OUT) {
                        throw e;
                    }
                    timeouts++;
                    timedOut++;
                    continue;
                }
                if (n == 0) {
                    throw new AssertionError(where + ": the stream ended after " + got + " bytes");
                }
                Bytes.check(
                        where + ", recv with timeouts by " + side + " (" + timeouts + " timed out)",
                        p,
                        got,
                        buf,
                        off,
                        n);
                got += n;
                tcpChecked += n;
            }
        }

        private void cancel(byte[] p) {
            if (sender) {
                if (p.length == 0) { // nothing to send: wait for the token
                    timeout();
                    return;
                }
                if (st.millis() == 0) {
                    rt.yieldNow();
                } else {
                    rt.sleep(Duration.ofMillis(st.millis()));
                }
                sendPayload(p, 0, p.length, 0);
                return;
            }
            byte[] buf = new byte[64 + Math.max(64, p.length)];
            int off = rnd.nextInt(64);
            int want = p.length == 0 ? 1 + rnd.nextInt(64) : Bytes.chunk(rnd, p.length, p.length);
            int[] got = {-1}; // bytes the helper's recv returned, -1 if cancelled
            String helper = label + " cancelled-recv";
            Join recv = new Join(helper, r -> {
                try {
                    got[0] = s.recv(buf, off, want);
                } catch (IoException e) {
                    if (e.error() != IoError.CANCELLED) {
                        throw new AssertionError(
                                where + ": a cancelled recv failed with " + e.error() + ", not CANCELLED", e);
                    }
                }
            });
            while (!recv.finished && recv.handle.state() != TaskState.WAITING_IO) {
                rt.yieldNow(); // until the helper waits in its recv (or got bytes at once)
            }
            if (rnd.nextBoolean()) {
                rt.sleep(Duration.ofNanos(rnd.nextInt(2_000_000)));
            }
            track(label, where + ": cancelling the helper's recv");
            rt.cancel(recv.handle); // does nothing if the recv already completed
            recv.join();
            if (got[0] < 0) {
                cancelled++;
            }
            if (p.length == 0) {
                if (got[0] >= 0) {
                    throw new AssertionError(where + ": recv returned " + got[0] + " bytes while nothing was sent");
                }
                s.sendAll(new byte[] {(byte) st.seed()}, 0, 1); // the socket must still work
                return;
            }
            int n = Math.max(0, got[0]);
            if (got[0] == 0) {
                throw new AssertionError(where + ": the stream ended before any byte");
            }
            Bytes.check(where + ", recv by " + side + " before the cancel", p, 0, buf, off, n);
            tcpChecked += n;
            recvChecked(p, n, "recv by " + side + " after the cancel", null);
        }

        private void fileOut(byte[] p) {
            Path f = dir.resolve("step-" + Long.toHexString(st.seed()) + "-out.bin");
            try (IoFile file = IoFile.create(f)) {
                // pieces at random offsets, written in a random order
                int pieces = 1 + rnd.nextInt(Math.min(16, p.length));
                int[] cuts = cuts(p.length, pieces);
                int[] order = permutation(pieces);
                for (int k : order) {
                    track(label, where + ": writing piece " + k + " of " + pieces + " at " + cuts[k]);
                    file.write(p, cuts[k], cuts[k + 1] - cuts[k], cuts[k]);
                }
                verifyFile(file, p, "file written by " + side + " read back");
                byte[] buf = new byte[MAX_CHUNK];
                long pos = 0;
                while (pos < p.length) { // then its content over TCP
                    int want = Bytes.chunk(rnd, (int) (p.length - pos), p.length);
                    track(label, where + ": sending the file at " + pos);
                    int n = readFully(file, buf, want, pos);
                    if (n < want) {
                        throw new AssertionError(where + ": the file ended at " + (pos + n) + " of " + p.length);
                    }
                    sendPayload(buf, 0, n, (int) pos);
                    pos += n;
                }
            }
            if (rnd.nextBoolean()) {
                IoFile.delete(f);
            }
        }

        private void fileIn(byte[] p) {
            Path f = dir.resolve("step-" + Long.toHexString(st.seed()) + "-in.bin");
            try (IoFile file = IoFile.create(f)) {
                recvChecked(p, "file recv by " + side, (b, off, n, at) -> file.write(b, off, n, at));
                long size = file.stat().size();
                if (size != p.length) {
                    throw new AssertionError(where + ": the received file has " + size + " bytes, not " + p.length);
                }
                verifyFile(file, p, "file received by " + side + " read back");
            }
            if (rnd.nextBoolean()) {
                IoFile.delete(f);
            }
        }

        private void verifyFile(IoFile file, byte[] p, String what) {
            track(label, where + ": " + what);
            if (rnd.nextBoolean()) {
                byte[] all = file.readAll();
                if (all.length != p.length) {
                    throw new AssertionError(where + ", " + what + ": " + all.length + " bytes, not " + p.length);
                }
                Bytes.check(where + ", " + what + " whole", p, 0, all, 0, p.length);
                fileChecked += p.length;
                return;
            }
            byte[] buf = new byte[MAX_CHUNK + 64];
            int pos = 0;
            while (pos < p.length) {
                int off = rnd.nextInt(64);
                int n = file.read(buf, off, Bytes.chunk(rnd, p.length - pos, p.length), pos);
                if (n == 0) {
                    throw new AssertionError(where + ", " + what + ": end of file at " + pos + " of " + p.length);
                }
                Bytes.check(where + ", " + what + " in pieces", p, pos, buf, off, n);
                pos += n;
                fileChecked += n;
            }
            int tail = file.read(buf, 0, 1 + rnd.nextInt(16), p.length);
            if (tail != 0) {
                throw new AssertionError(where + ", " + what + ": read " + tail + " bytes past the end");
            }
        }

        private int readFully(IoFile file, byte[] buf, int len, long pos) {
            int n = 0;
            while (n < len) {
                int k = file.read(buf, n, len - n, pos + n);
                if (k == 0) {
                    break;
                }
                n += k;
            }
            return n;
        }

        /** Sends {@code buf[off, off + len)}, the payload bytes from {@code at}, in random chunks. */
        private void sendPayload(byte[] buf, int off, int len, int at) {
            int sent = 0;
            while (sent < len) {
                int n = Bytes.chunk(rnd, len - sent, len);
                byte[] b = buf;
                int o = off + sent;
                if (fault == StressRun.Fault.CORRUPT && side == Side.A && !faultUsed) {
                    faultUsed = true; // one flipped byte: the receiver must name its offset
                    b = java.util.Arrays.copyOfRange(buf, o, o + n);
                    b[n / 2] ^= 0x40;
                    o = 0;
                }
                if (rnd.nextBoolean()) {
                    s.sendAll(b, o, n);
                } else {
                    int k = 0;
                    while (k < n) {
                        k += s.send(b, o + k, n - k); // partial sends
                    }
                }
                sent += n;
                track(label, where + ": sent " + (at + sent) + " by " + side);
            }
        }

        /** Receives the payload {@code p} in random chunks, checking each, handing each to {@code sink}. */
        private void recvChecked(byte[] p, String what, Sink sink) {
            recvChecked(p, 0, what, sink);
        }

        /** As {@link #recvChecked(byte[], String, Sink)}, from payload offset {@code from}. */
        private void recvChecked(byte[] p, int from, String what, Sink sink) {
            byte[] buf = new byte[MAX_CHUNK + 64];
            int got = from;
            while (got < p.length) {
                int off = rnd.nextInt(4) == 0 ? rnd.nextInt(64) : 0;
                int want = Bytes.chunk(rnd, p.length - got, p.length);
                int n;
                if (rnd.nextInt(4) == 0) {
                    s.recvAll(buf, off, want);
                    n = want;
                } else {
                    n = s.recv(buf, off, want);
                    if (n == 0) {
                        throw new AssertionError(
                                where + ", " + what + ": the stream ended after " + got + " of " + p.length + " bytes");
                    }
                }
                Bytes.check(where + ", " + what, p, got, buf, off, n);
                tcpChecked += n;
                if (sink != null) {
                    sink.accept(buf, off, n, got);
                }
                got += n;
                track(label, where + ": " + what + " got " + got);
            }
        }

        private int[] cuts(int len, int pieces) {
            java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
            set.add(0);
            set.add(len);
            while (set.size() < pieces + 1) {
                set.add(1 + rnd.nextInt(len - 1));
            }
            return set.stream().mapToInt(Integer::intValue).toArray();
        }

        private int[] permutation(int n) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
            return a;
        }
    }

    /** Where received bytes go after the check (the echo, a file). */
    private interface Sink {
        void accept(byte[] b, int off, int n, int payloadOffset);
    }
}
