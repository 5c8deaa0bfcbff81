package dev.lockstep.patch.internal.exec;

/**
 * Camera resolution and projection kernels. Orthographic: screen = world xy, depth = (z + 100) / 200,
 * visible for z in [−100, 100], size = scale. Perspective: a camera at distance d from the target
 * (cx, cy, 0), tilted up by tilt and turned by yaw, looking at the target; view depth vz along the
 * view direction, screen = 0.5 + 0.5 · (view x, view y) / (vz tan(fov / 2)), depth = (vz − near) /
 * (far − near), visible for vz in [near, far], size = scale / (vz tan(fov / 2)). Parameters are
 * sanitised first (non-finite values take defaults, angles and planes clamped), as docs/patch.md
 * "Camera" lists.
 */
final class Projection {
    private boolean persp;
    private double camX;
    private double camY;
    private double camZ;
    private double rx;
    private double ry;
    private double rz;
    private double ux;
    private double uy;
    private double uz;
    private double fx;
    private double fy;
    private double fz;
    private double tanHalf;
    private double near;
    private double far;

    void orthographic() {
        persp = false;
    }

    void resolve(
            double proj,
            double cx,
            double cy,
            double dist,
            double tiltDeg,
            double yawDeg,
            double fovDeg,
            double nr,
            double fr,
            double[] override) {
        proj = fin(proj, 0);
        persp = ((int) proj) == 1;
        if (!persp) {
            return;
        }
        cx = Opcodes.clamp(fin(cx, 0.5), 0, 1);
        cy = Opcodes.clamp(fin(cy, 0.5), 0, 1);
        dist = Math.max(fin(dist, 2.0), 1e-4);
        double tilt = Opcodes.clamp(fin(tiltDeg, 0), -89.9, 89.9) * (Math.PI / 180);
        double yaw = (((fin(yawDeg, 0) % 360) + 360) % 360) * (Math.PI / 180);
        double fov = Opcodes.clamp(fin(fovDeg, 45), 1, 179) * (Math.PI / 180);
        near = Math.max(fin(nr, 0.01), 1e-6);
        far = Math.max(fin(fr, 100), near + 1e-6);
        camX = cx + dist * Math.cos(tilt) * Math.sin(yaw);
        camY = cy + dist * Math.sin(tilt);
        camZ = 0 + dist * Math.cos(tilt) * Math.cos(yaw);
        fx = cx - camX;
        fy = cy - camY;
        fz = 0 - camZ;
        double fl = Math.sqrt(fx * fx + fy * fy + fz * fz);
        fx /= fl;
        fy /= fl;
        fz /= fl;
        // right = fwd x (0, 1, 0)
        rx = -fz;
        ry = 0;
        rz = fx;
        double rl = Math.sqrt(rx * rx + ry * ry + rz * rz);
        rx /= rl;
        ry /= rl;
        rz /= rl;
        // up = right x fwd
        ux = ry * fz - rz * fy;
        uy = rz * fx - rx * fz;
        uz = rx * fy - ry * fx;
        tanHalf = Math.tan(fov / 2);
    }

    private static double fin(double v, double d) {
        return Double.isFinite(v) ? v : d;
    }

    /** Projects positions [from, to) of stride ps into outputs at + i (lane-local); depth NaN marks invisible. */
    void project(
            float[] pos, int ps, int from, int to, double scale, float[] screen, float[] depth, float[] size, int at) {
        double sc = (float) scale;
        if (!persp) {
            float sz = (float) scale;
            for (int i = from; i < to; i++) {
                double z = ps == 3 ? pos[i * 3 + 2] : 0;
                screen[(at + i) * 2] = pos[i * ps];
                screen[(at + i) * 2 + 1] = pos[i * ps + 1];
                boolean vis = z >= -100 && z <= 100;
                depth[at + i] = vis ? (float) ((z + 100) / 200) : Float.NaN;
                size[at + i] = sz;
            }
            return;
        }
        for (int i = from; i < to; i++) {
            double dx = pos[i * ps] - camX;
            double dy = pos[i * ps + 1] - camY;
            double dz = (ps == 3 ? pos[i * 3 + 2] : 0) - camZ;
            double vx = dx * rx + dy * ry + dz * rz;
            double vy = dx * ux + dy * uy + dz * uz;
            double vz = dx * fx + dy * fy + dz * fz;
            if (vz <= 0) {
                screen[(at + i) * 2] = 0;
                screen[(at + i) * 2 + 1] = 0;
                depth[at + i] = Float.NaN;
                size[at + i] = 0;
                continue;
            }
            double k = 1 / (vz * tanHalf);
            screen[(at + i) * 2] = (float) (vx * k * 0.5 + 0.5);
            screen[(at + i) * 2 + 1] = (float) (vy * k * 0.5 + 0.5);
            boolean vis = vz >= near && vz <= far;
            depth[at + i] = vis ? (float) ((vz - near) / (far - near)) : Float.NaN;
            size[at + i] = sc == 0 ? 0f : (float) (sc / (vz * tanHalf));
        }
    }

    /** Writes the visible lanes, in lane order, into order[]; returns how many. */
    int compact(int n, float[] depth, int[] order) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            if (!Float.isNaN(depth[i])) {
                order[v++] = i;
            }
        }
        return v;
    }
}
