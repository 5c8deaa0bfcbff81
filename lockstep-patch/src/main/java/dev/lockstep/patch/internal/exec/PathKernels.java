package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.FieldCall;
import dev.lockstep.patch.internal.ir.FieldOp;

/**
 * Kernels of procedural paths and of path fields: control points of stars and polygons (lane-local,
 * over a path's point instance), and the derivatives PathField outputs. {@link #ARC_LENGTH} is a
 * prefix sum and {@link #TANGENT} reads neighbours of its input: arc length is not lane-local and
 * runs whole. Numbers as Oscilla's kernels: float32 points read as doubles, float64 math, one
 * rounding on store.
 */
public final class PathKernels {
    private PathKernels() {}

    /**
     * Field [index], constant k[0] = points P, uniforms [outer, inner]: vertex i of a star (vec2,
     * centred on 0): radius outer on even i, inner on odd, angle (i / 2P) · 2π − π/2 (lane 0 points to −y).
     */
    public static final FieldOp STAR_VERTEX = new NamedKernel("starVertex") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] idx = c.in[0], out = c.out;
            double p = c.k[0];
            double outer = c.sv[0];
            double inner = c.sv[1];
            for (int i = from; i < to; i++) {
                double x = idx[i];
                double r = Math.floor(x) % 2 == 0 ? outer : inner;
                double a = (x / (p * 2)) * (2 * Math.PI) - Math.PI / 2;
                out[i * 2] = (float) (r * Math.cos(a));
                out[i * 2 + 1] = (float) (r * Math.sin(a));
            }
        }
    };

    /** Field [index], k[0] = sides S, uniforms [rx, ry]: (rx cos a, ry sin a), a = (i / S) · 2π − π/2. */
    public static final FieldOp POLYGON_VERTEX = new NamedKernel("polygonVertex") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] idx = c.in[0], out = c.out;
            double sides = c.k[0];
            double rx = c.sv[0];
            double ry = c.sv[1];
            for (int i = from; i < to; i++) {
                double a = (idx[i] / sides) * (2 * Math.PI) - Math.PI / 2;
                out[i * 2] = (float) (rx * Math.cos(a));
                out[i * 2 + 1] = (float) (ry * Math.sin(a));
            }
        }
    };

    /** Field [vec2 points]: closed central difference ((P[i+1] − P[i−1]) / 2, 0), wrapping around. */
    public static final FieldOp TANGENT = new NamedKernel("pathTangent") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] p = c.in[0], out = c.out;
            int n = c.n;
            for (int i = from; i < to; i++) {
                if (n == 1) {
                    out[0] = out[1] = out[2] = 0f;
                    continue;
                }
                int a = (i - 1 + n) % n;
                int b = (i + 1) % n;
                out[i * 3] = (float) (((double) p[b * 2] - p[a * 2]) / 2);
                out[i * 3 + 1] = (float) (((double) p[b * 2 + 1] - p[a * 2 + 1]) / 2);
                out[i * 3 + 2] = 0f;
            }
        }
    };

    /**
     * Field [vec2 points]: cumulative length of the open polyline, out[0] = 0, summed in double (the
     * closing segment is not included; the value is absolute, not normalised). Not lane-local.
     */
    public static final FieldOp ARC_LENGTH = new NamedKernel("pathArcLength") {
        @Override
        public void run(FieldCall c, int from, int to) {
            float[] p = c.in[0], out = c.out;
            double total = 0;
            if (from == 0 && to > 0) {
                out[0] = 0f;
            }
            for (int i = 1; i < to; i++) {
                double dx = (double) p[i * 2] - p[i * 2 - 2];
                double dy = (double) p[i * 2 + 1] - p[i * 2 - 1];
                total += Math.sqrt(dx * dx + dy * dy);
                if (i >= from) {
                    out[i] = (float) total;
                }
            }
        }

        @Override
        public boolean laneLocal() {
            return false;
        }
    };
}
