package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.FieldCall;
import dev.lockstep.patch.internal.ir.FieldOp;

/**
 * Lane-wise kernels of the wave, layout, colour and per-lane state blocks (Pulse, CircleLayout,
 * LineLayout and their UV variants, ApplyOpacity, field Lag). Same argument convention and numeric
 * contract as {@link FieldKernels}: fields first, signals after; float32 lanes in, float64 math,
 * one rounding on store. Each kernel says whether a signal is taken as a broadcast (rounded to
 * float32 first) or as a uniform (float64).
 */
public final class LaneKernels {
    private LaneKernels() {}

    private static final double TAU = FieldKernels.TAU;

    /** Field [id01], broadcast [phase, base, amplitude, spread]: base + amp · sin(2π (phase + id01 · spread)). */
    public static final FieldOp PULSE = new NamedKernel("pulse") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] id = c.in[0], out = c.out;
            double phase = (float) c.sv[0];
            double base = (float) c.sv[1];
            double amp = (float) c.sv[2];
            double spread = (float) c.sv[3];
            for (int i = from; i < to; i++) {
                double eff = phase + id[i] * spread;
                out[i] = (float) (base + amp * Trig.sin(TAU * eff));
            }
        }
    };

    /** Fields [prev, target] (state and input, same stride), constant k[0] = s: prev·(1 − s) + target·s. */
    public static final FieldOp LAG = new NamedKernel("field.lag") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] p = c.in[0], t = c.in[1], out = c.out;
            double s = c.k[0];
            int st = c.stride;
            for (int i = from * st, end = to * st; i < end; i++) {
                out[i] = (float) (p[i] * (1 - s) + t[i] * s);
            }
        }
    };

    /**
     * Field [t] (normalized index or a uv coordinate), uniforms [radius, phase]: (0.5 + r cos a, 0.5 + r
     * sin a, 0) with a = 2π (clamp01(t) + phase).
     */
    public static final FieldOp CIRCLE_LAYOUT = new NamedKernel("circleLayout") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] t = c.in[0], out = c.out;
            double r = c.sv[0];
            double phase = c.sv[1];
            for (int i = from; i < to; i++) {
                double a = TAU * (Opcodes.clamp(t[i], 0, 1) + phase);
                out[i * 3] = (float) (0.5 + r * Trig.cos(a));
                out[i * 3 + 1] = (float) (0.5 + r * Trig.sin(a));
                out[i * 3 + 2] = 0f;
            }
        }
    };

    /** Field [t], uniforms [x0, y0, x1, y1]: ((1 − u) x0 + u x1, (1 − u) y0 + u y1, 0), u = clamp01(t). */
    public static final FieldOp LINE_LAYOUT = new NamedKernel("lineLayout") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] t = c.in[0], out = c.out;
            double x0 = c.sv[0], y0 = c.sv[1], x1 = c.sv[2], y1 = c.sv[3];
            for (int i = from; i < to; i++) {
                double u = Opcodes.clamp(t[i], 0, 1);
                out[i * 3] = (float) ((1 - u) * x0 + u * x1);
                out[i * 3 + 1] = (float) ((1 - u) * y0 + u * y1);
                out[i * 3 + 2] = 0f;
            }
        }
    };

    /** No arguments: lane i's Halton base-2 point (the u of the UV layouts), stored float32. */
    public static final FieldOp HALTON_U = new NamedKernel("haltonU") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] out = c.out;
            for (int i = from; i < to; i++) {
                out[i] = (float) SignalKernels.halton(i, 2);
            }
        }
    };

    /**
     * Fields [color, opacity]: the colour with alpha = round(clamp01(opacity) · 255) / 255 (8-bit, as the
     * renderer stores colours).
     */
    public static final FieldOp APPLY_OPACITY = new NamedKernel("applyOpacity") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] col = c.in[0], op = c.in[1], out = c.out;
            for (int i = from; i < to; i++) {
                out[i * 4] = col[i * 4];
                out[i * 4 + 1] = col[i * 4 + 1];
                out[i * 4 + 2] = col[i * 4 + 2];
                out[i * 4 + 3] = (float) (Opcodes.jsRound(Opcodes.clamp(op[i], 0, 1) * 255) / 255);
            }
        }
    };
}
