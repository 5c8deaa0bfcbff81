package dev.lockstep.io.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What both runtimes of one seed do, generated from the seed alone: the connections (each with
 * the side that connects, and its segments: one TCP connection each, closed and reconnected in
 * turn), the steps of each segment, and the local file chains of each side. Both sides read the
 * same plan, so each knows what to expect; nothing else is shared between them.
 */
public record StressPlan(
        long seed, Settings a, Settings b, List<Conn> conns, List<LocalChain> localA, List<LocalChain> localB) {

    /** The two runtimes. */
    public enum Side {
        A,
        B;

        public Side other() {
            return this == A ? B : A;
        }
    }

    /** How long the chains are: SHORT for CI, LONG for {@code -Dlockstep.stress=long}. */
    public enum Size {
        SHORT(3, 2, 5, 1, 6),
        LONG(6, 4, 12, 3, 20);

        final int conns;
        final int segments;
        final int steps;
        final int localChains;
        final int localOps;

        Size(int conns, int segments, int steps, int localChains, int localOps) {
            this.conns = conns;
            this.segments = segments;
            this.steps = steps;
            this.localChains = localChains;
            this.localOps = localOps;
        }
    }

    /** A runtime's settings: pool mode and size, threads for blocking file work. */
    public record Settings(boolean staticPool, int poolSize, int blockingThreads) {}

    /**
     * A connection between the sides: {@code connector} connects, the other accepts, once per
     * segment; over TCP on 127.0.0.1, or with {@code unix} over a Unix domain stream socket.
     */
    public record Conn(int id, Side connector, boolean unix, boolean timedConnect, List<Segment> segments) {}

    /**
     * One TCP connection of a {@link Conn}: its steps, then {@code closer} closes and the other sees
     * the end; with {@code closeWhileRecv}, a second task of the closer waits in recv at the close
     * and must fail with CLOSED.
     */
    public record Segment(int index, Side closer, boolean closeWhileRecv, List<Step> steps) {}

    /** What a step does. */
    public enum Kind {
        /** {@code from} sends {@code len} bytes, the other receives and checks them. */
        SEND,
        /** As SEND, and the receiver echoes each piece back; the sender checks the echo (in a second task). */
        ECHO,
        /**
         * {@code from} writes the payload to a file in pieces at random offsets, reads it back, then
         * sends the file over TCP; the other receives it into a file and reads that back.
         */
        FILE,
        /** Both send at once: {@code from} sends {@code len} bytes, the other {@code len2}. */
        DUPLEX,
        /**
         * The receiver (not {@code from}) calls recv with a timeout of {@code millis} while nothing
         * is sent: TIMED_OUT; then it sends a token byte that {@code from} waits for.
         */
        TIMEOUT,
        /**
         * {@code from} waits {@code millis} then sends {@code len} bytes while the other receives with
         * short timeouts: timeouts may fail some receives, but no byte may be lost.
         */
        RACE,
        /**
         * The receiver waits in recv in a second task and cancels it ({@code IoRuntime.cancel}).
         * With {@code len} 0 nothing is sent: the recv must fail with CANCELLED, then the socket
         * carries a token as in TIMEOUT. Otherwise {@code from} sends {@code len} bytes after
         * {@code millis}: the cancelled recv returns bytes or CANCELLED, and no byte may be lost.
         */
        CANCEL
    }

    /** A step; {@code seed} derives its payloads and each side's chunk sizes and pauses. */
    public record Step(int index, Kind kind, Side from, int len, int len2, int millis, long seed) {}

    /** Random writes and checked reads on a file of one side, against an in-memory model. */
    public record LocalChain(int id, int capacity, int ops, long seed) {}

    /** The plan of {@code seed}. */
    public static StressPlan generate(long seed, Size size) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Settings a = settings(rnd);
        Settings b = settings(rnd);
        int nConns = 1 + rnd.nextInt(size.conns);
        List<Conn> conns = new ArrayList<>();
        for (int c = 0; c < nConns; c++) {
            Side connector = rnd.nextBoolean() ? Side.A : Side.B;
            int nSegs = 1 + rnd.nextInt(size.segments);
            List<Segment> segs = new ArrayList<>();
            for (int g = 0; g < nSegs; g++) {
                int nSteps = 1 + rnd.nextInt(size.steps);
                List<Step> steps = new ArrayList<>();
                for (int i = 0; i < nSteps; i++) {
                    steps.add(step(rnd, i));
                }
                segs.add(new Segment(g, rnd.nextBoolean() ? Side.A : Side.B, rnd.nextInt(3) == 0, List.copyOf(steps)));
            }
            conns.add(new Conn(c, connector, rnd.nextInt(4) == 0, rnd.nextInt(4) == 0, List.copyOf(segs)));
        }
        return new StressPlan(seed, a, b, List.copyOf(conns), locals(rnd, size), locals(rnd, size));
    }

    private static Settings settings(SplittableRandom rnd) {
        // a STATIC pool big enough for every task of the largest plan (setup, acceptor, 6 connections
        // with 4 segments and a helper each, 3 local chains)
        return new Settings(rnd.nextInt(3) == 0, 64, 1 + rnd.nextInt(4));
    }

    private static Step step(SplittableRandom rnd, int index) {
        Side from = rnd.nextBoolean() ? Side.A : Side.B;
        long seed = rnd.nextLong();
        int k = rnd.nextInt(100);
        if (k < 27) {
            return new Step(index, Kind.SEND, from, payloadLength(rnd), 0, 0, seed);
        } else if (k < 45) {
            return new Step(index, Kind.ECHO, from, payloadLength(rnd), 0, 0, seed);
        } else if (k < 62) {
            return new Step(index, Kind.FILE, from, payloadLength(rnd), 0, 0, seed);
        } else if (k < 76) {
            return new Step(index, Kind.DUPLEX, from, payloadLength(rnd), payloadLength(rnd), 0, seed);
        } else if (k < 84) {
            return new Step(index, Kind.TIMEOUT, from, 1, 0, 1 + rnd.nextInt(8), seed);
        } else if (k < 92) {
            return new Step(index, Kind.RACE, from, 1 + rnd.nextInt(4096), 0, rnd.nextInt(4), seed);
        } else {
            int len = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(4096);
            return new Step(index, Kind.CANCEL, from, len, 0, rnd.nextInt(3), seed);
        }
    }

    /** 1 B .. 256 KiB: half up to 4 KiB, half on a log scale over the whole range. */
    private static int payloadLength(SplittableRandom rnd) {
        return rnd.nextBoolean() ? 1 + rnd.nextInt(4096) : Bytes.logUniform(rnd, 1, 256 * 1024);
    }

    private static List<LocalChain> locals(SplittableRandom rnd, Size size) {
        int n = rnd.nextInt(size.localChains + 1);
        List<LocalChain> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new LocalChain(
                    i, Bytes.logUniform(rnd, 16, 256 * 1024), 1 + rnd.nextInt(size.localOps), rnd.nextLong()));
        }
        return List.copyOf(l);
    }

    /** The settings of {@code side}. */
    public Settings settings(Side side) {
        return side == Side.A ? a : b;
    }

    /** The local chains of {@code side}. */
    public List<LocalChain> locals(Side side) {
        return side == Side.A ? localA : localB;
    }

    /** How many segments {@code side} accepts on its TCP or Unix listener (of connections the other side connects). */
    public int accepts(Side side, boolean unix) {
        return conns.stream()
                .filter(c -> c.connector() != side && c.unix() == unix)
                .mapToInt(c -> c.segments().size())
                .sum();
    }

    /** How many units of work {@code side} reports done: setup, two acceptors, each segment, each chain. */
    public int units(Side side) {
        int segments = conns.stream().mapToInt(c -> c.segments().size()).sum();
        return 3 + segments + locals(side).size();
    }

    /** A one-line summary (for failure messages). */
    public String summary() {
        int segments = conns.stream().mapToInt(c -> c.segments().size()).sum();
        int steps = conns.stream()
                .flatMap(c -> c.segments().stream())
                .mapToInt(s -> s.steps().size())
                .sum();
        return conns.size() + " connections ("
                + conns.stream().filter(Conn::unix).count() + " Unix), " + segments + " segments, " + steps
                + " steps, local chains " + localA.size() + "+" + localB.size() + ", A " + a + ", B " + b;
    }
}
