package dev.lockstep.patch;

import dev.lockstep.patch.internal.exec.FrameData;
import java.util.Arrays;
import java.util.List;

/**
 * One draw pass of a {@link RenderFrame}: instances sharing a geometry and style, in draw order
 * (back to front). A view of the frame's buffers, which the player reuses from tick to tick: read it
 * before the next tick, or take a {@link RenderFrame#copy()}.
 *
 * <p>Shape of Oscilla's render frame v2: {@code kind} "drawPrimitiveInstances" or "drawPathInstances",
 * geometry (topology id and parameters; a path also has control points), instances (count, screen
 * positions x,y pairs in [0, 1] for on-screen points, per-instance size, rotation and depth) and
 * style (fill colour, RGBA bytes per instance).
 */
public final class DrawOp {
    private final FrameData.Pass p;

    DrawOp(FrameData.Pass p) {
        this.p = p;
    }

    public String kind() {
        return p.kind;
    }

    public int topologyId() {
        return p.topologyId;
    }

    public String topology() {
        return p.topology;
    }

    /** Geometry parameter names (e.g. rx, ry, rotation). */
    public List<String> paramNames() {
        return List.of(p.paramNames);
    }

    /** Geometry parameter {@code i}, aligned with {@link #paramNames()}. */
    public double param(int i) {
        return p.params[i];
    }

    /** A path's control points (x, y pairs in local shape space); empty for primitives. */
    public float[] controlPoints() {
        return Arrays.copyOf(p.controlPoints, p.controlPointCount * 2);
    }

    public boolean closed() {
        return p.closed;
    }

    public int count() {
        return p.count;
    }

    /** Screen x of instance {@code i}. */
    public float x(int i) {
        return p.position[i * 2];
    }

    /** Screen y of instance {@code i}. */
    public float y(int i) {
        return p.position[i * 2 + 1];
    }

    /** Size multiplier of instance {@code i} (the scale input times the projection's size factor). */
    public float size(int i) {
        return p.size[i];
    }

    /** Rotation of instance {@code i} in radians. */
    public float rotation(int i) {
        return p.rotation[i];
    }

    /** Depth of instance {@code i} in [0, 1] (0 near); instances are ordered far to near. */
    public float depth(int i) {
        return p.depth[i];
    }

    /** Colour channel {@code c} (0 r, 1 g, 2 b, 3 a) of instance {@code i}, 0 to 255. */
    public int color(int i, int c) {
        return p.color[i * 4 + c] & 0xFF;
    }

    /** The RenderInstances2D block this pass came from. */
    public String sinkBlockId() {
        return p.sinkBlockId;
    }
}
