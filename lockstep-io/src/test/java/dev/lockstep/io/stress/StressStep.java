package dev.lockstep.io.stress;

import dev.lockstep.io.IoError;
import dev.lockstep.io.IoException;
import dev.lockstep.io.IoFile;
import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.TaskState;
import dev.lockstep.io.TcpSocket;
import dev.lockstep.io.stress.StressPlan.Side;
import dev.lockstep.io.stress.StressPlan.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * One step of a segment on one side ({@link StressSide}): what it sends, receives, writes and
 * reads (see {@link StressPlan.Kind}), with chunk sizes, buffer offsets and pauses drawn from the
 * step's seed and the side, and every received or read-back byte checked against the payload.
 * Runs in the segment's task; ECHO, DUPLEX, CANCEL and some FILE steps add helper tasks the step
 * joins.
 */
final class StressStep {
    private static final int MAX_CHUNK = 65_536;

    private final StressSide owner;
    private final IoRuntime rt;
    private final Side side;
    private final Path dir;
    private final StressRun.Fault fault;
    private final TcpSocket s;
    private final Step st;
    private final SplittableRandom rnd;
    private final String where;
    private final String label;
    private final boolean sender;

    StressStep(StressSide owner, TcpSocket s, Step st, SplittableRandom rnd, String where, String label) {
        this.owner = owner;
        this.rt = owner.rt;
        this.side = owner.side;
        this.dir = owner.dir;
        this.fault = owner.fault;
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
            StressSide.Join reader = owner.helper(
                    helper,
                    r -> new StressStep(owner, s, st, hr, where, helper).recvChecked(p, "echo back to " + side, null));
            sendPayload(p, 0, p.length, 0);
            owner.track(label, where + ": waiting for the echo");
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
        StressSide.Join writer = owner.helper(
                helper, r -> new StressStep(owner, s, st, hr, where, helper).sendPayload(mine, 0, mine.length, 0));
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
                owner.timedOut++;
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
                owner.timedOut++;
                continue;
            }
            if (n == 0) {
                throw new AssertionError(where + ": the stream ended after " + got + " bytes");
            }
            Bytes.check(
                    where + ", recv with timeouts by " + side + " (" + timeouts + " timed out)", p, got, buf, off, n);
            got += n;
            owner.tcpChecked += n;
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
        StressSide.Join recv = owner.helper(helper, r -> {
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
        owner.track(label, where + ": cancelling the helper's recv");
        rt.cancel(recv.handle); // does nothing if the recv already completed
        recv.join();
        if (got[0] < 0) {
            owner.cancelled++;
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
        owner.tcpChecked += n;
        recvChecked(p, n, "recv by " + side + " after the cancel", null);
    }

    private void fileOut(byte[] p) {
        Path f = dir.resolve("step-" + Long.toHexString(st.seed()) + "-out.bin");
        try (IoFile file = IoFile.create(f)) {
            // pieces at random offsets, written in a random order
            int pieces = 1 + rnd.nextInt(Math.min(16, p.length));
            int[] cuts = cuts(p.length, pieces);
            int[] order = permutation(pieces);
            int writers = pieces == 1 || rnd.nextBoolean() ? 1 : 2 + rnd.nextInt(3);
            StressSide.Join[] helpers = new StressSide.Join[writers - 1];
            for (int w = 1; w < writers; w++) { // helper tasks write their share at the same time
                int first = w;
                int every = writers;
                String helper = label + " file-writer " + w;
                helpers[w - 1] = owner.helper(helper, r -> writePieces(file, p, cuts, order, first, every, helper));
            }
            writePieces(file, p, cuts, order, 0, writers, label);
            for (StressSide.Join h : helpers) {
                h.join();
            }
            verifyFile(file, p, "file written by " + side + " read back");
            byte[] buf = new byte[MAX_CHUNK];
            long pos = 0;
            while (pos < p.length) { // then its content over TCP
                int want = Bytes.chunk(rnd, (int) (p.length - pos), p.length);
                owner.track(label, where + ": sending the file at " + pos);
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

    /** Writes pieces {@code order[first]}, {@code order[first + every]}, ... of the payload. */
    private void writePieces(IoFile file, byte[] p, int[] cuts, int[] order, int first, int every, String who) {
        for (int i = first; i < order.length; i += every) {
            int k = order[i];
            owner.track(who, where + ": writing piece " + k + " of " + order.length + " at " + cuts[k]);
            file.write(p, cuts[k], cuts[k + 1] - cuts[k], cuts[k]);
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
        owner.track(label, where + ": " + what);
        if (rnd.nextBoolean()) {
            byte[] all = file.readAll();
            if (all.length != p.length) {
                throw new AssertionError(where + ", " + what + ": " + all.length + " bytes, not " + p.length);
            }
            Bytes.check(where + ", " + what + " whole", p, 0, all, 0, p.length);
            owner.fileChecked += p.length;
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
            owner.fileChecked += n;
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
            if (fault == StressRun.Fault.CORRUPT && side == Side.A && !owner.faultUsed) {
                owner.faultUsed = true; // one flipped byte: the receiver must name its offset
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
            owner.track(label, where + ": sent " + (at + sent) + " by " + side);
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
            owner.tcpChecked += n;
            if (sink != null) {
                sink.accept(buf, off, n, got);
            }
            got += n;
            owner.track(label, where + ": " + what + " got " + got);
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

    /** Where received bytes go after the check (the echo, a file). */
    private interface Sink {
        void accept(byte[] b, int off, int n, int payloadOffset);
    }
}
