package dev.lockstep.patch.internal.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The render assembly's output buffers, reused every tick (they grow, never shrink): one {@link Pass}
 * per draw pass. The public {@code RenderFrame} and {@code DrawOp} are read-only views of these.
 */
public final class FrameData {
    public long frame;
    public double tAbsMs;
    public double tMs;
    public final List<Pass> passes = new ArrayList<>();
    public int passCount;

    public Pass pass(int i) {
        while (passes.size() <= i) {
            passes.add(new Pass());
        }
        return passes.get(i);
    }

    public FrameData copy() {
        FrameData f = new FrameData();
        f.frame = frame;
        f.tAbsMs = tAbsMs;
        f.tMs = tMs;
        for (int i = 0; i < passCount; i++) {
            f.passes.add(passes.get(i).copy());
        }
        f.passCount = passCount;
        return f;
    }

    /** One draw pass: geometry, style and instances. See {@code DrawOp} for the meaning of each field. */
    public static final class Pass {
        public String kind = "drawPrimitiveInstances";
        public int topologyId;
        public String topology = "";
        public String[] paramNames = new String[0];
        public double[] params = new double[0];
        public float[] controlPoints = new float[0];
        public int controlPointCount;
        public boolean closed;
        public int count;
        public float[] position = new float[0];
        public float[] size = new float[0];
        public float[] rotation = new float[0];
        public float[] depth = new float[0];
        public byte[] color = new byte[0];
        public String sinkBlockId = "";

        public void ensure(int n) {
            if (size.length < n) {
                position = new float[n * 2];
                size = new float[n];
                rotation = new float[n];
                depth = new float[n];
                color = new byte[n * 4];
            }
        }

        Pass copy() {
            Pass d = new Pass();
            d.kind = kind;
            d.topologyId = topologyId;
            d.topology = topology;
            d.paramNames = paramNames.clone();
            d.params = params.clone();
            d.controlPoints = Arrays.copyOf(controlPoints, controlPointCount * 2);
            d.controlPointCount = controlPointCount;
            d.closed = closed;
            d.count = count;
            d.position = Arrays.copyOf(position, count * 2);
            d.size = Arrays.copyOf(size, count);
            d.rotation = Arrays.copyOf(rotation, count);
            d.depth = Arrays.copyOf(depth, count);
            d.color = Arrays.copyOf(color, count * 4);
            d.sinkBlockId = sinkBlockId;
            return d;
        }
    }
}
