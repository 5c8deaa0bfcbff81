package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.FieldCall;
import dev.lockstep.patch.internal.ir.FieldOp;

/**
 * Layer 3 of the execution: lane-wise kernels over field buffers. Argument convention: the call's
 * field arguments ({@code in}, float32 buffers with their strides) come first in the node's argument
 * list, signal arguments ({@code sv}, float64, each signal's components in turn) after them.
 *
 * <p>Numeric contract (matches Oscilla's runtime bit for bit, see docs/patch.md "Numbers"): a kernel
 * reads float32 lanes, computes in float64 and rounds once when it stores. A signal taken "as a
 * broadcast" is rounded to float32 first ({@code (float) sv[j]}), one taken "as a uniform" stays
 * float64; each kernel says which. Every kernel here is lane-local unless it says otherwise.
 */
public final class FieldKernels {
    private FieldKernels() {}

    /** {@code π(3 − √5)}, the golden angle in radians, computed as Oscilla's field kernel does. */
    public static final double GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

    public static final double TAU = Math.PI * 2;

    /** The signal (stride = the field's stride), rounded to float32, in every lane. */
    public static final FieldOp BROADCAST = new NamedKernel("broadcast") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] out = c.out;
            int st = c.stride;
            if (st == 1) {
                float v = (float) c.sv[0];
                for (int i = from; i < to; i++) {
                    out[i] = v;
                }
                return;
            }
            for (int i = from; i < to; i++) {
                for (int j = 0; j < st; j++) {
                    out[i * st + j] = (float) c.sv[j];
                }
            }
        }
    };

    /** Componentwise binary op of two fields of the same stride. */
    public static FieldOp zip(Opcodes.Binary op) {
        return ZIPS.computeIfAbsent(op.name, n -> new NamedKernel("field." + n) {
            @Override
            public void run(FieldCall c, int from, int to) {
                float[] a = c.in[0];
                float[] b = c.in[1];
                float[] out = c.out;
                int st = c.stride;
                var f = op.f;
                for (int i = from * st, end = to * st; i < end; i++) {
                    out[i] = (float) f.applyAsDouble(a[i], b[i]);
                }
            }
        });
    }

    /** Componentwise unary op. */
    public static FieldOp map(Opcodes.Unary op) {
        return ZIPS.computeIfAbsent("u." + op.name, n -> new NamedKernel("field." + op.name) {
            @Override
            public void run(FieldCall c, int from, int to) {
                float[] a = c.in[0];
                float[] out = c.out;
                int st = c.stride;
                var f = op.f;
                for (int i = from * st, end = to * st; i < end; i++) {
                    out[i] = (float) f.applyAsDouble(a[i]);
                }
            }
        });
    }

    private static final java.util.Map<String, FieldOp> ZIPS = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** Fields [a, b, t] (stride 1): a + (b - a) t. */
    public static final FieldOp LERP = new NamedKernel("field.lerp") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] a = c.in[0], b = c.in[1], t = c.in[2], out = c.out;
            for (int i = from; i < to; i++) {
                out[i] = (float) (a[i] + (b[i] - a[i]) * (double) t[i]);
            }
        }
    };

    /** Fields [x, lo, hi] (stride 1): min(max(x, lo), hi). */
    public static final FieldOp CLAMP = new NamedKernel("field.clamp") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] x = c.in[0], lo = c.in[1], hi = c.in[2], out = c.out;
            for (int i = from; i < to; i++) {
                out[i] = (float) Opcodes.clamp(x[i], lo[i], hi[i]);
            }
        }
    };

    /** Field [id01], uniform [turns]: (id01 · turns) · golden angle. */
    public static final FieldOp GOLDEN_ANGLE_K = new NamedKernel("goldenAngle") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] id = c.in[0], out = c.out;
            double turns = c.sv[0];
            for (int i = from; i < to; i++) {
                out[i] = (float) ((id[i] * turns) * GOLDEN_ANGLE);
            }
        }
    };

    /** Field [id01], broadcast [phase, spin]: (2π · phase) · spin, the same in every lane. */
    public static final FieldOp ANGULAR_OFFSET = new NamedKernel("angularOffset") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] out = c.out;
            double phase = (float) c.sv[0];
            double spin = (float) c.sv[1];
            float v = (float) ((TAU * phase) * spin);
            for (int i = from; i < to; i++) {
                out[i] = v;
            }
        }
    };

    /** Field [id01], broadcast [radius]: radius · √id01. */
    public static final FieldOp RADIUS_SQRT = new NamedKernel("radiusSqrt") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] id = c.in[0], out = c.out;
            double r = (float) c.sv[0];
            for (int i = from; i < to; i++) {
                out[i] = (float) (r * Math.sqrt(id[i]));
            }
        }
    };

    /** Fields [angle, radius], broadcast [cx, cy]: vec3 (cx + r cos a, cy + r sin a, 0). */
    public static final FieldOp POLAR_TO_CARTESIAN = new NamedKernel("polarToCartesian") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] a = c.in[0], r = c.in[1], out = c.out;
            double cx = (float) c.sv[0];
            double cy = (float) c.sv[1];
            for (int i = from; i < to; i++) {
                double ang = a[i];
                double rad = r[i];
                out[i * 3] = (float) (cx + rad * Trig.cos(ang));
                out[i * 3 + 1] = (float) (cy + rad * Trig.sin(ang));
                out[i * 3 + 2] = 0f;
            }
        }
    };

    /** Field [vec3 pos], broadcast [cx, cy]: vec2 (angle, radius) around the centre; z ignored. */
    public static final FieldOp CARTESIAN_TO_POLAR = new NamedKernel("cartesianToPolar") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] p = c.in[0], out = c.out;
            int ps = c.inStride[0];
            double cx = (float) c.sv[0];
            double cy = (float) c.sv[1];
            for (int i = from; i < to; i++) {
                double dx = p[i * ps] - cx;
                double dy = p[i * ps + 1] - cy;
                out[i * 2] = (float) StrictMath.atan2(dy, dx);
                out[i * 2 + 1] = (float) Math.sqrt(dx * dx + dy * dy);
            }
        }
    };

    /**
     * Fields [vec3 pos, rand], broadcast [ax, ay, az]: pos plus a per-lane offset in [-a, a) from a
     * sine hash of rand. The z hash is skipped when az is 0 (its term is then exactly 0).
     */
    public static final FieldOp JITTER_VEC = new NamedKernel("jitterVec") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] p = c.in[0], rnd = c.in[1], out = c.out;
            double ax = (float) c.sv[0];
            double ay = (float) c.sv[1];
            double az = (float) c.sv[2];
            for (int i = from; i < to; i++) {
                double r = rnd[i];
                double hx = Opcodes.fract(Trig.sin(r * 12.9898 + 78.233) * 43758.5453);
                double hy = Opcodes.fract(Trig.sin(r * 93.9898 + 67.345) * 24571.2341);
                out[i * 3] = (float) (p[i * 3] + (hx * 2 - 1) * ax);
                out[i * 3 + 1] = (float) (p[i * 3 + 1] + (hy * 2 - 1) * ay);
                if (az == 0) {
                    out[i * 3 + 2] = p[i * 3 + 2];
                } else {
                    double hz = Opcodes.fract(Trig.sin(r * 47.1234 + 12.567) * 31415.9265);
                    out[i * 3 + 2] = (float) (p[i * 3 + 2] + (hz * 2 - 1) * az);
                }
            }
        }
    };

    /** Field [id01], broadcast [phase]: fract(id01 + phase). */
    public static final FieldOp HUE_FROM_PHASE = new NamedKernel("hueFromPhase") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] id = c.in[0], out = c.out;
            double phase = (float) c.sv[0];
            for (int i = from; i < to; i++) {
                double h = id[i] + phase;
                out[i] = (float) (h - Math.floor(h));
            }
        }
    };

    /**
     * Field [hue], uniforms [sat, val]: colour (r, g, b, 1), each channel quantised to 8 bits as
     * Oscilla's renderer buffer does (round half up, clamp to 0..255) and stored as byte / 255.
     */
    public static final FieldOp HSV_TO_RGB = new NamedKernel("hsvToRgb") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] hue = c.in[0], out = c.out;
            double s = Opcodes.clamp(c.sv[0], 0, 1);
            double v = Opcodes.clamp(c.sv[1], 0, 1);
            for (int i = from; i < to; i++) {
                Colors.hsvToRgb(hue[i], s, v, out, i * 4);
            }
        }
    };

    /** Field [vec3 pos or vec2], field [z]: vec3 (x, y, z). */
    public static final FieldOp SET_Z = new NamedKernel("setZ") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] p = c.in[0], z = c.in[1], out = c.out;
            int ps = c.inStride[0];
            for (int i = from; i < to; i++) {
                out[i * 3] = p[i * ps];
                out[i * 3 + 1] = p[i * ps + 1];
                out[i * 3 + 2] = z[i];
            }
        }
    };

    /** Field [vec2] to vec3 with z = 0. */
    public static final FieldOp VEC2_TO_VEC3 = new NamedKernel("vec2ToVec3") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] p = c.in[0], out = c.out;
            for (int i = from; i < to; i++) {
                out[i * 3] = p[i * 2];
                out[i * 3 + 1] = p[i * 2 + 1];
                out[i * 3 + 2] = 0f;
            }
        }
    };

    /**
     * Uniforms [cols, rows]: row-major grid positions in [0, 1] (vec3, z = 0). Lane i takes cell i,
     * wrapping past cols · rows; a single column or row sits at 0.5.
     */
    public static final FieldOp GRID_LAYOUT = new NamedKernel("gridLayout") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] out = c.out;
            int cols = (int) Math.max(1, Opcodes.jsRound(c.sv[0]));
            int rows = (int) Math.max(1, Opcodes.jsRound(c.sv[1]));
            for (int i = from; i < to; i++) {
                int col = i % cols;
                int row = (i / cols) % rows;
                out[i * 3] = (float) (cols > 1 ? (double) col / (cols - 1) : 0.5);
                out[i * 3 + 1] = (float) (rows > 1 ? (double) row / (rows - 1) : 0.5);
                out[i * 3 + 2] = 0f;
            }
        }
    };

    /**
     * Uniforms [cols, rows]: each lane at the grid cell under its Halton (2, 3) point, so any lane
     * count fills the grid evenly without row-major order (vec3, z = 0).
     */
    public static final FieldOp GRID_LAYOUT_UV = new NamedKernel("gridLayoutUV") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] out = c.out;
            int cols = (int) Math.max(1, Opcodes.jsRound(c.sv[0]));
            int rows = (int) Math.max(1, Opcodes.jsRound(c.sv[1]));
            for (int i = from; i < to; i++) {
                double u = Opcodes.clamp((float) SignalKernels.halton(i, 2), 0, 1);
                double v = Opcodes.clamp((float) SignalKernels.halton(i, 3), 0, 1);
                int col = (int) Math.min(Math.floor(u * cols), cols - 1);
                int row = (int) Math.min(Math.floor(v * rows), rows - 1);
                out[i * 3] = (float) (cols > 1 ? (double) col / (cols - 1) : 0.5);
                out[i * 3 + 1] = (float) (rows > 1 ? (double) row / (rows - 1) : 0.5);
                out[i * 3 + 2] = 0f;
            }
        }
    };

    /** A grid instance's cell corners in [0, 1]²: (x / (w − 1), y / (h − 1)), 0.5 for one column or row. */
    public static final FieldOp GRID_UV = new NamedKernel("gridUV") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] out = c.out;
            int w = c.instance.width();
            int h = c.instance.height();
            for (int i = from; i < to; i++) {
                int x = i % w;
                int y = i / w;
                out[i * 2] = (float) (w > 1 ? (double) x / (w - 1) : 0.5);
                out[i * 2 + 1] = (float) (h > 1 ? (double) y / (h - 1) : 0.5);
            }
        }
    };
}
