package dev.lockstep.patch;

import dev.lockstep.patch.internal.exec.FrameData;
import java.util.ArrayList;
import java.util.List;

/**
 * What one tick renders: the frame number, its time and the draw passes in order. A {@link
 * PatchPlayer} fills the same buffers every tick (no allocation once warm), and this frame is a view
 * of them; {@link #copy()} makes an independent snapshot. {@link #hash()} is a 64-bit FNV-1a hash over the frame's numbers (bits of
 * every float, every colour byte, counts and topology ids), which the replay tests compare.
 */
public final class RenderFrame {
    private final FrameData d;
    private final List<DrawOp> views = new ArrayList<>();

    RenderFrame(FrameData d) {
        this.d = d;
    }

    public long frame() {
        return d.frame;
    }

    public double tAbsMs() {
        return d.tAbsMs;
    }

    /** The model time (monotonic; continues across a hot swap). */
    public double tMs() {
        return d.tMs;
    }

    /** The draw passes of this frame, in draw order. */
    public List<DrawOp> ops() {
        while (views.size() < d.passCount) {
            views.add(new DrawOp(d.pass(views.size())));
        }
        return views.subList(0, d.passCount);
    }

    /** An independent copy, unaffected by later ticks. */
    public RenderFrame copy() {
        return new RenderFrame(d.copy());
    }

    FrameData data() {
        return d;
    }

    /** FNV-1a over every number of the frame (see the class comment). */
    public long hash() {
        long h = 0xcbf29ce484222325L;
        h = mix(h, d.frame);
        h = mix(h, Double.doubleToRawLongBits(d.tMs));
        for (int k = 0; k < d.passCount; k++) {
            FrameData.Pass p = d.passes.get(k);
            h = mix(h, p.topologyId);
            h = mix(h, p.count);
            for (double x : p.params) {
                h = mix(h, Double.doubleToRawLongBits(x));
            }
            for (int i = 0; i < p.controlPointCount * 2; i++) {
                h = mix(h, Float.floatToRawIntBits(p.controlPoints[i]));
            }
            for (int i = 0; i < p.count * 2; i++) {
                h = mix(h, Float.floatToRawIntBits(p.position[i]));
            }
            for (int i = 0; i < p.count; i++) {
                h = mix(h, Float.floatToRawIntBits(p.size[i]));
                h = mix(h, Float.floatToRawIntBits(p.rotation[i]));
                h = mix(h, Float.floatToRawIntBits(p.depth[i]));
            }
            for (int i = 0; i < p.count * 4; i++) {
                h = mix(h, p.color[i]);
            }
        }
        return h;
    }

    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (i * 8)) & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
