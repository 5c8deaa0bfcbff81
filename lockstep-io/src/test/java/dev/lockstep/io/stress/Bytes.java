package dev.lockstep.io.stress;

import java.util.SplittableRandom;

/**
 * Payloads, chunk sizes and the byte-for-byte check of the stress test. A payload is a pure
 * function of its seed and length, so both sides of a connection compute the same bytes without
 * sharing anything but the plan.
 */
public final class Bytes {
    private Bytes() {}

    /** The payload of {@code len} bytes for {@code seed}: random bytes, sometimes long runs of one value. */
    public static byte[] payload(long seed, int len) {
        byte[] b = new byte[len];
        SplittableRandom rnd = new SplittableRandom(seed);
        if (rnd.nextInt(8) == 0) { // runs: a receiver that repeats or drops a chunk is still caught
            int i = 0;
            while (i < len) {
                int run = Math.min(len - i, 1 + rnd.nextInt(300));
                byte v = (byte) rnd.nextInt(256);
                for (int k = 0; k < run; k++) {
                    b[i++] = (byte) (v + k / 97);
                }
            }
        } else {
            rnd.nextBytes(b);
        }
        return b;
    }

    /** A seed derived from {@code seed} and {@code salt} (independent streams for each purpose). */
    public static long derive(long seed, long salt) {
        return new SplittableRandom(seed ^ (salt * 0x9E3779B97F4A7C15L)).nextLong();
    }

    /** A number in [lo, hi] on a logarithmic scale (small sizes as likely as large ones). */
    public static int logUniform(SplittableRandom rnd, int lo, int hi) {
        if (hi <= lo) {
            return lo;
        }
        double x = Math.log(lo) + rnd.nextDouble() * (Math.log(hi + 1.0) - Math.log(lo));
        return (int) Math.max(lo, Math.min(hi, Math.floor(Math.exp(x))));
    }

    /**
     * The next chunk of a transfer of {@code total} bytes with {@code remaining} left: between
     * total/128 (so a transfer takes at most a few hundred calls) and 64 KiB, on a log scale.
     */
    public static int chunk(SplittableRandom rnd, int remaining, int total) {
        int lo = Math.max(1, total >> 7);
        int hi = Math.min(remaining, Math.max(lo, 65_536));
        return logUniform(rnd, Math.min(lo, remaining), hi);
    }

    /**
     * Checks {@code actual[actOff, actOff + len)} against {@code expected[expOff, ...)}; a difference
     * fails with {@code where} and the payload offset of the first differing byte.
     */
    public static void check(String where, byte[] expected, int expOff, byte[] actual, int actOff, int len) {
        int i = java.util.Arrays.mismatch(expected, expOff, expOff + len, actual, actOff, actOff + len);
        if (i >= 0) {
            throw new AssertionError(String.format(
                    "%s: byte offset %d differs: expected 0x%02x, got 0x%02x",
                    where, expOff + i, expected[expOff + i] & 0xff, actual[actOff + i] & 0xff));
        }
    }
}
