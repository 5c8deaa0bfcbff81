package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.compile.Schedule;
import dev.lockstep.patch.internal.ir.CameraDesc;
import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.ir.RenderSink;

/**
 * The last stage of a tick: turns the render sinks' slots into draw passes. Consecutive sinks that
 * draw the same geometry (same topology, and the same parameter and control-point nodes, which
 * hash-consing makes the same values) form one pass; a pass's style is per instance (fill colour,
 * non-zero rule), so geometry decides the grouping. Per pass: compose each member's world positions
 * (xy and z), resolve the camera (the patch's Camera block, else the default orthographic one),
 * project to screen position, depth, size and visibility, drop invisible instances, order the
 * pass's instances far to near (a stable sort, skipped when the order already holds; ties keep sink
 * order, then lane order), and copy colours to bytes. Passes are in the order of their first sink.
 *
 * <p>Continuity (optional, {@link #slewTauMs}): a first-order low-pass of each sink's world positions
 * with time constant tau, in float32, as Oscilla's continuity system applies by default; off unless
 * the player enables it.
 *
 * <p>No allocation once the frame's buffers have grown to the largest instance count.
 */
final class RenderAssembler {
    private final Runner r;
    private final RenderSink[] sinks;
    private final int[] posIndex;
    private final int[] colorIndex;
    private final CameraDesc camera;
    private final int[] camOffsets;
    private final Projection projection = new Projection();
    private float[] screen = new float[0];
    private float[] depth = new float[0];
    private float[] size = new float[0];
    private int[] order = new int[0];
    private int[] tmp = new int[0];
    private final float[][] slew;
    double slewTauMs = Double.NaN;
    private double lastSlewT;

    RenderAssembler(Runner r) {
        this.r = r;
        IrBuilder ir = r.program.ir();
        Schedule sc = r.program.schedule();
        sinks = ir.sinks().toArray(new RenderSink[0]);
        posIndex = new int[sinks.length];
        colorIndex = new int[sinks.length];
        slew = new float[sinks.length][];
        for (int i = 0; i < sinks.length; i++) {
            posIndex[i] = sc.fieldIndex[sinks[i].posNode()];
            colorIndex[i] =
                    sinks[i].colorIsField() ? sc.fieldIndex[sinks[i].colorNode()] : sc.sigOffset[sinks[i].colorNode()];
        }
        buildGroups(ir, sc);
        camera = ir.camera();
        if (camera != null) {
            camOffsets = new int[] {
                sc.sigOffset[camera.projectionNode()],
                sc.sigOffset[camera.centerXNode()],
                sc.sigOffset[camera.centerYNode()],
                sc.sigOffset[camera.distanceNode()],
                sc.sigOffset[camera.tiltNode()],
                sc.sigOffset[camera.yawNode()],
                sc.sigOffset[camera.fovNode()],
                sc.sigOffset[camera.nearNode()],
                sc.sigOffset[camera.farNode()]
            };
        } else {
            camOffsets = null;
        }
    }

    void assemble(FrameData frame) {
        double[] s = r.s;
        if (camOffsets == null) {
            projection.orthographic();
        } else {
            projection.resolve(
                    s[camOffsets[0]],
                    s[camOffsets[1]],
                    s[camOffsets[2]],
                    s[camOffsets[3]],
                    s[camOffsets[4]],
                    s[camOffsets[5]],
                    s[camOffsets[6]],
                    s[camOffsets[7]],
                    s[camOffsets[8]],
                    cameraOverride);
        }
        double dtSlew = Math.max(0, frame.tMs - lastSlewT);
        for (int g = 0; g < groups.length; g++) {
            int[] members = groups[g];
            ensure(groupTotal[g]);
            for (int m = 0; m < members.length; m++) {
                int k = members[m];
                RenderSink sink = sinks[k];
                float[] pos = r.f[posIndex[k]];
                int n = counts[k];
                int ps = sink.posStride();
                if (!Double.isNaN(slewTauMs)) {
                    pos = slew(k, pos, n * ps, dtSlew);
                }
                double scale = s[r.program.schedule().sigOffset[sink.scaleNode()]];
                projectRange.set(pos, ps, n, scale, groupOffset[g][m]);
                r.lanes().run(projectRange); // lane-local: split across workers for large instances
            }
            int visible = projection.compact(groupTotal[g], depth, order);
            sortFarToNear(visible);
            fill(frame.pass(g), g, visible, s);
        }
        frame.passCount = groups.length;
        lastSlewT = frame.tMs;
    }

    // ---- passes: consecutive sinks with the same geometry ----

    private int[] counts;
    private int[][] groups;
    private int[][] groupOffset;
    private int[] groupTotal;
    private int[][] laneMember;
    private String[] groupIds;
    private float[][][] groupColorField;
    private int[][] groupColorSig;
    private float[][][] groupRot;

    private void buildGroups(IrBuilder ir, Schedule sc) {
        counts = new int[sinks.length];
        java.util.List<int[]> gs = new java.util.ArrayList<>();
        java.util.List<Integer> cur = new java.util.ArrayList<>();
        for (int k = 0; k < sinks.length; k++) {
            counts[k] = ir.instances().get(sinks[k].instance()).count();
            if (!cur.isEmpty() && !sameGeometry(sinks[cur.get(0)].shape(), sinks[k].shape())) {
                gs.add(cur.stream().mapToInt(Integer::intValue).toArray());
                cur.clear();
            }
            cur.add(k);
        }
        if (!cur.isEmpty()) {
            gs.add(cur.stream().mapToInt(Integer::intValue).toArray());
        }
        groups = gs.toArray(new int[0][]);
        int g = groups.length;
        groupOffset = new int[g][];
        groupTotal = new int[g];
        laneMember = new int[g][];
        groupIds = new String[g];
        groupColorField = new float[g][][];
        groupColorSig = new int[g][];
        groupRot = new float[g][][];
        for (int i = 0; i < g; i++) {
            int[] members = groups[i];
            groupOffset[i] = new int[members.length];
            groupColorField[i] = new float[members.length][];
            groupColorSig[i] = new int[members.length];
            groupRot[i] = new float[members.length][];
            StringBuilder ids = new StringBuilder();
            int total = 0;
            for (int m = 0; m < members.length; m++) {
                int k = members[m];
                groupOffset[i][m] = total;
                total += counts[k];
                ids.append(m == 0 ? "" : ",").append(sinks[k].blockId());
                groupColorField[i][m] = sinks[k].colorIsField() ? r.f[colorIndex[k]] : null;
                groupColorSig[i][m] = sinks[k].colorIsField() ? -1 : colorIndex[k];
                groupRot[i][m] = sinks[k].rotationNode() >= 0 ? r.f[sc.fieldIndex[sinks[k].rotationNode()]] : null;
            }
            groupTotal[i] = total;
            groupIds[i] = ids.toString();
            if (members.length > 1) {
                laneMember[i] = new int[total];
                for (int m = 0; m < members.length; m++) {
                    java.util.Arrays.fill(laneMember[i], groupOffset[i][m], groupOffset[i][m] + counts[members[m]], m);
                }
            }
        }
    }

    /** Same topology and the same parameter and point nodes (hash-consed: the same values every tick). */
    private static boolean sameGeometry(
            dev.lockstep.patch.internal.ir.ShapeDesc a, dev.lockstep.patch.internal.ir.ShapeDesc b) {
        return a != null
                && b != null
                && a.topologyId() == b.topologyId()
                && java.util.Arrays.equals(a.paramNodes(), b.paramNodes())
                && a.pointsNode() == b.pointsNode()
                && a.closed() == b.closed();
    }

    /** Camera parameters a caller forces (e.g. a preview); null: the patch's own. */
    double[] cameraOverride;

    private float[] slew(int k, float[] base, int len, double dt) {
        float[] y = slew[k];
        if (y == null || y.length != len) {
            y = slew[k] = base.clone(); // first frame: the slew starts at the target
            return y;
        }
        double alpha = 1 - Math.exp(-dt / slewTauMs);
        for (int i = 0; i < len; i++) {
            y[i] = (float) (y[i] + alpha * ((double) base[i] - y[i]));
        }
        return y;
    }

    private void ensure(int n) {
        if (depth.length < n) {
            screen = new float[n * 2];
            depth = new float[n];
            size = new float[n];
            order = new int[n];
            tmp = new int[n];
        }
    }

    /** Stable sort of order[0..n) by depth descending; skipped if already non-increasing. */
    private void sortFarToNear(int n) {
        boolean sorted = true;
        for (int i = 1; i < n; i++) {
            if (depth[order[i]] > depth[order[i - 1]]) {
                sorted = false;
                break;
            }
        }
        if (sorted) {
            return;
        }
        mergeSort(0, n);
    }

    private void mergeSort(int lo, int hi) {
        if (hi - lo < 24) {
            for (int i = lo + 1; i < hi; i++) {
                int x = order[i];
                float dx = depth[x];
                int j = i - 1;
                while (j >= lo && depth[order[j]] < dx) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(lo, mid);
        mergeSort(mid, hi);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            tmp[k++] = depth[order[j]] > depth[order[i]] ? order[j++] : order[i++]; // ties keep the left (earlier) one
        }
        while (i < mid) {
            tmp[k++] = order[i++];
        }
        while (j < hi) {
            tmp[k++] = order[j++];
        }
        System.arraycopy(tmp, lo, order, lo, hi - lo);
    }

    private void fill(FrameData.Pass p, int g, int n, double[] s) {
        p.ensure(n);
        p.count = n;
        p.sinkBlockId = groupIds[g];
        RenderSink sink = sinks[groups[g][0]];
        var shape = sink.shape();
        if (shape != null) {
            p.topologyId = shape.topologyId();
            p.topology = shape.topology();
            if (p.paramNames.length != shape.paramNames().size()) {
                p.paramNames = shape.paramNames().toArray(new String[0]);
                p.params = new double[p.paramNames.length];
            }
            for (int i = 0; i < p.params.length; i++) {
                p.params[i] = s[r.program.schedule().sigOffset[shape.paramNodes()[i]]];
            }
            int pts = shape.pointsNode();
            if (pts >= 0) {
                // a path: its control points (local space, x y pairs) travel with the pass, unprojected
                float[] cp = r.f[r.program.schedule().fieldIndex[pts]];
                if (p.controlPoints.length < cp.length) {
                    p.controlPoints = new float[cp.length];
                }
                System.arraycopy(cp, 0, p.controlPoints, 0, cp.length);
                p.controlPointCount = cp.length / 2;
                p.closed = shape.closed();
                p.kind = "drawPathInstances";
            } else {
                p.controlPointCount = 0;
                p.closed = false;
                p.kind = "drawPrimitiveInstances";
            }
        }
        fillRange.set(p, g, s, n);
        r.lanes().run(fillRange); // output j reads input order[j]: independent per j
    }

    /** Projection of one sink's positions, as a lane range (reused: no allocation per tick). */
    private final class ProjectRange implements LaneRange {
        private float[] pos;
        private int ps;
        private int n;
        private double scale;
        private int at;

        void set(float[] pos, int ps, int n, double scale, int at) {
            this.pos = pos;
            this.ps = ps;
            this.n = n;
            this.scale = scale;
            this.at = at;
        }

        @Override
        public int lanes() {
            return n;
        }

        @Override
        public void runRange(int from, int to) {
            projection.project(pos, ps, from, to, scale, screen, depth, size, at);
        }
    }

    /** Copying a pass's visible instances, in draw order, into it (reused: no allocation per tick). */
    private final class FillRange implements LaneRange {
        private FrameData.Pass p;
        private int[] member;
        private int[] offset;
        private float[][] colorField;
        private int[] colorSig;
        private float[][] rot;
        private double[] s;
        private int n;

        void set(FrameData.Pass p, int g, double[] s, int n) {
            this.p = p;
            this.member = laneMember[g];
            this.offset = groupOffset[g];
            this.colorField = groupColorField[g];
            this.colorSig = groupColorSig[g];
            this.rot = groupRot[g];
            this.s = s;
            this.n = n;
        }

        @Override
        public int lanes() {
            return n;
        }

        @Override
        public void runRange(int from, int to) {
            if (member == null) {
                runOneSink(from, to);
                return;
            }
            for (int j = from; j < to; j++) {
                int i = order[j];
                int m = member[i]; // which sink of the pass the lane came from
                copy(j, i, i - offset[m], colorField[m], colorSig[m], rot[m]);
            }
        }

        /** The common pass of one sink: lane i of the pass is lane i of the sink. */
        private void runOneSink(int from, int to) {
            float[] cf = colorField[0];
            int cs = colorSig[0];
            float[] rt = rot[0];
            for (int j = from; j < to; j++) {
                int i = order[j];
                copy(j, i, i, cf, cs, rt);
            }
        }

        private void copy(int j, int i, int li, float[] cf, int cs, float[] rt) {
            p.position[j * 2] = screen[i * 2];
            p.position[j * 2 + 1] = screen[i * 2 + 1];
            p.depth[j] = depth[i];
            p.size[j] = size[i];
            p.rotation[j] = rt == null ? 0f : rt[li];
            byte[] out = p.color;
            if (cf != null) {
                out[j * 4] = (byte) Colors.toByte(cf[li * 4]);
                out[j * 4 + 1] = (byte) Colors.toByte(cf[li * 4 + 1]);
                out[j * 4 + 2] = (byte) Colors.toByte(cf[li * 4 + 2]);
                out[j * 4 + 3] = (byte) Colors.toByte(cf[li * 4 + 3]);
            } else {
                for (int c = 0; c < 4; c++) {
                    out[j * 4 + c] = (byte) Colors.toByte(s[cs + c]);
                }
            }
        }
    }

    private final ProjectRange projectRange = new ProjectRange();
    private final FillRange fillRange = new FillRange();
}
