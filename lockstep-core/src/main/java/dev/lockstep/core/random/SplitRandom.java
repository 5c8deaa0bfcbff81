package dev.lockstep.core.random;

import java.util.random.RandomGenerator;

/**
 * One component's random stream: SplitMix64 (a 64-bit counter advanced by the golden gamma and
 * finalised by {@link RandomStreams#mix64}), as a {@link RandomGenerator} so every JDK helper
 * method works on it.
 *
 * <p>The methods a deterministic component is most likely to use ({@link #nextLong()}, {@link
 * #nextInt()}, {@link #nextInt(int)}, {@link #nextLong(long)}, {@link #nextDouble()}, {@link
 * #nextBoolean()}) are written here rather than inherited, so their algorithm is fixed by
 * Lockstep and not by a JDK release; the other {@code RandomGenerator} defaults (Gaussian,
 * exponential, ranges) come from the JDK.
 *
 * <p>Not thread-safe: one stream belongs to one component. {@link #split(String)} derives a
 * named child stream from this stream's seed, without drawing from this stream.
 */
public final class SplitRandom implements RandomGenerator {
    private final long seed;
    private long state; // plain: one owner

    /** A stream starting at {@code seed}; prefer {@link RandomStreams#stream(String)}. */
    public SplitRandom(long seed) {
        this.seed = seed;
        this.state = seed;
    }

    /** The seed this stream started from. */
    public long seed() {
        return seed;
    }

    /** A named child stream, a function of this stream's seed and the name only. */
    public SplitRandom split(String name) {
        return new SplitRandom(RandomStreams.seedOf(seed, name));
    }

    @Override
    public long nextLong() {
        state += RandomStreams.GOLDEN;
        return RandomStreams.mix64(state);
    }

    @Override
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    /**
     * A uniform int in {@code [0, bound)}, by Lemire's multiply-and-reject method.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xffffffffL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xffffffffL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * A uniform long in {@code [0, bound)}, by rejection of the top partial range.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    @Override
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long r = nextLong() >>> 1;
        long m = bound - 1;
        if ((bound & m) == 0) {
            return r & m; // power of two
        }
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {
            // reject u in the last, partial multiple of bound
        }
        return r;
    }

    /** A uniform double in {@code [0, 1)} with 53 random bits. */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    @Override
    public String toString() {
        return "SplitRandom[seed=" + seed + "]";
    }
}
