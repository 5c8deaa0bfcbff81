package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.SigOp;

/**
 * Layer 2 of the execution: scalar-to-scalar functions with a domain meaning and a documented range
 * (oscillators over a phase, noise, easing, Halton points). Each is a plain static function, and the
 * ones blocks use per tick are also {@link SigOp}s over the signal bank.
 */
public final class SignalKernels {
    private SignalKernels() {}

    /** Phase in cycles to [-1, 1]: sin(2π phase). */
    public static double oscSin(double phase) {
        return Math.sin(phase * FieldKernels.TAU);
    }

    /** Phase to [-1, 1): rising saw, 2 frac(phase) − 1. */
    public static double oscSaw(double phase) {
        return 2 * (phase - Math.floor(phase)) - 1;
    }

    /** Phase to {-1, 0, 1}: sign(phase − 0.5), as Oscilla's square (0 exactly at the midpoint). */
    public static double oscSquare(double phase) {
        return Math.signum(phase - 0.5);
    }

    /** Phase to [-1, 1]: 1 − 4 |frac(phase) − 0.5| ... a triangle. */
    public static double oscTriangle(double phase) {
        double f = phase - Math.floor(phase);
        return 1 - 4 * Math.abs(f - 0.5);
    }

    /**
     * Smooth 1D gradient noise in [-1, 1]: gradients from an integer hash at the lattice points,
     * quintic fade between them. Deterministic: no state, no global random.
     */
    public static double noise1(double x) {
        double i = Math.floor(x);
        double f = x - i;
        double g0 = gradient((long) i);
        double g1 = gradient((long) i + 1);
        double u = f * f * f * (f * (f * 6 - 15) + 10);
        double n = g0 * f + (g1 * (f - 1) - g0 * f) * u;
        return Math.max(-1, Math.min(1, n * 2));
    }

    private static double gradient(long i) {
        long h = mix64(i * 0x9E3779B97F4A7C15L);
        return ((h >>> 11) * 0x1.0p-53) * 2 - 1;
    }

    /** A 64-bit finaliser (splitmix64's), the hash every seeded kernel uses. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A hash of (seed, id) to [0, 1), for per-element randomness that follows the element id. */
    public static double hash01(long seed, long id) {
        return (mix64(seed ^ mix64(id + 0x632BE59BD9B4E019L)) >>> 11) * 0x1.0p-53;
    }

    /** Radical inverse of {@code index} in {@code base}, in the order Oscilla's placement basis sums it. */
    public static double halton(int index, int base) {
        double result = 0;
        double f = 1.0 / base;
        int i = index;
        while (i > 0) {
            result += f * (i % base);
            i = i / base;
            f /= base;
        }
        return result;
    }

    /** Oscillator by mode (0 sin, 1 saw, 2 square, 3 noise, 4 triangle) as a {@link SigOp}. */
    public static SigOp oscillator(int mode) {
        return OSC[mode];
    }

    private static final SigOp[] OSC = {
        unary("oscSin", SignalKernels::oscSin),
        unary("oscSaw", SignalKernels::oscSaw),
        unary("oscSquare", SignalKernels::oscSquare),
        unary("noise", SignalKernels::noise1),
        unary("oscTriangle", SignalKernels::oscTriangle)
    };

    private static SigOp unary(String name, java.util.function.DoubleUnaryOperator f) {
        return new SigOp() {
            @Override
            public void eval(double[] s, int out, int[] in, double[] k) {
                s[out] = f.applyAsDouble(s[in[0]]);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** wrap01(x): x − floor(x), for phases. */
    public static final SigOp WRAP01 = unary("wrap01", x -> x - Math.floor(x));

    /** JavaScript's ToInt32: the double truncated, modulo 2^32, as a signed int (0 for NaN, ±∞). */
    public static int toInt32(double d) {
        if (!Double.isFinite(d)) {
            return 0;
        }
        double t = d < 0 ? Math.ceil(d) : Math.floor(d);
        return (int) (long) (t % 4294967296.0);
    }

    /**
     * Oscilla's hash opcode: an integer hash of (x, seed) to [0, 1), with JavaScript's int32 ^ and
     * Math.imul: h = floor(x·2654435761) ^ floor(seed·2246822519), then two xor-shift-multiply rounds.
     */
    public static double hash(double x, double seed) {
        int h = toInt32(Math.floor(x * 2654435761.0)) ^ toInt32(Math.floor(seed * 2246822519.0));
        h = (h ^ (h >>> 15)) * (int) 2246822519L;
        h = (h ^ (h >>> 13)) * (int) 3266489917L;
        h = h ^ (h >>> 16);
        return (h & 0xFFFFFFFFL) / 4294967296.0;
    }

    public static final Opcodes.Binary HASH = new Opcodes.Binary("hash", SignalKernels::hash);

    /** Lag, stride {@code k[1]}: prev·(1 − s) + target·s with s = {@code k[0]}; args [prev, target]. */
    public static final SigOp LAG = new SigOp() {
        @Override
        public void eval(double[] s, int out, int[] in, double[] k) {
            double a = k[0];
            for (int c = 0; c < (int) k[1]; c++) {
                s[out + c] = s[in[0] + c] * (1 - a) + s[in[1] + c] * a;
            }
        }

        @Override
        public String name() {
            return "lag";
        }
    };

    /** Phasor: wrap01(prev + frequency · dt / 1000); args [prev, frequency Hz, dt ms]. */
    public static final SigOp PHASOR = new SigOp() {
        @Override
        public void eval(double[] s, int out, int[] in, double[] k) {
            double p = s[in[0]] + s[in[1]] * s[in[2]] / 1000;
            s[out] = ((p % 1) + 1) % 1;
        }

        @Override
        public String name() {
            return "phasor";
        }
    };
}
