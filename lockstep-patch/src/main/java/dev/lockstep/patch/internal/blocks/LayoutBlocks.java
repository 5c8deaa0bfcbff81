package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.FieldKernels;
import dev.lockstep.patch.internal.exec.LaneKernels;
import dev.lockstep.patch.internal.exec.Opcodes;
import dev.lockstep.patch.internal.ir.FieldOp;
import dev.lockstep.patch.internal.ir.Sources;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.List;

/** Pulse, circle and line layouts (index and UV variants) and ApplyOpacity. See docs/patch-blocks.md. */
final class LayoutBlocks {
    private LayoutBlocks() {}

    private static final PortType SIG = PortType.signal(Payload.FLOAT);

    static void register(List<BlockDef> out) {
        out.add(BlockDef.of("Pulse", "field", "base + amplitude · sin(2π (phase + id01 · spread))")
                .in("id01", PortType.any(Payload.FLOAT), 0.0, "per-element offset (a field, or a signal)")
                .in("phase", PortType.signal(Payload.FLOAT, Unit.PHASE01), DefaultSource.time("phaseA"), false, "phase")
                .in("base", SIG, 0.5, "centre value")
                .in("amplitude", SIG, 1.0, "amplitude")
                .in("spread", SIG, 1.0, "cycles of phase across id01 0..1")
                .out("value", PortType.any(Payload.FLOAT), "the wave")
                .lower(LayoutBlocks::pulse));
        circle(out, "CircleLayout", false);
        circle(out, "CircleLayoutUV", true);
        line(out, "LineLayout", false, 0.1, 0.5, 0.9, 0.5);
        line(out, "LineLayoutUV", true, 0.2, 0.2, 0.8, 0.8);
        out.add(BlockDef.of("ApplyOpacity", "color", "The colour with alpha = round(clamp01(opacity) · 255) / 255.")
                .required("color", PortType.field(Payload.COLOR), "colour per element")
                .in("opacity", PortType.any(Payload.FLOAT), 1.0, "opacity per element, or one for all")
                .out("color", PortType.field(Payload.COLOR), "the colour with its alpha replaced")
                .lower(ctx -> {
                    int inst = FieldBlocks.requireField(ctx, "color");
                    int n = ctx.b()
                            .field(
                                    LaneKernels.APPLY_OPACITY,
                                    inst,
                                    4,
                                    ctx.in("color").node(),
                                    ctx.asField(ctx.in("opacity"), inst).node());
                    ctx.out("color", Val.field(n, Payload.COLOR, Unit.ANY, inst));
                }));
    }

    private static void pulse(LowerContext ctx) {
        var b = ctx.b();
        Val id = ctx.in("id01");
        int phase = ctx.in("phase").node();
        int base = ctx.in("base").node();
        int amp = ctx.in("amplitude").node();
        int spread = ctx.in("spread").node();
        int inst = ctx.instance();
        if (inst >= 0) {
            int n = b.field(
                    LaneKernels.PULSE,
                    inst,
                    1,
                    new double[0],
                    ctx.asField(id, inst).node(),
                    phase,
                    base,
                    amp,
                    spread);
            ctx.out("value", Val.field(n, Payload.FLOAT, Unit.SCALAR, inst));
            return;
        }
        // all signals: the same formula in float64
        int eff = b.sig(Opcodes.ADD.sig(1), 1, phase, b.sig(Opcodes.MUL.sig(1), 1, id.node(), spread));
        int ang = b.sig(Opcodes.MUL.sig(1), 1, b.sigConst(FieldKernels.TAU), eff);
        int v = b.sig(
                Opcodes.ADD.sig(1), 1, base, b.sig(Opcodes.MUL.sig(1), 1, amp, b.sig(Opcodes.SIN.sig(1), 1, ang)));
        ctx.out("value", Val.sig(v, Payload.FLOAT, Unit.SCALAR));
    }

    /** The per-lane coordinate a layout runs along: normalized index, or the Halton base-2 point. */
    private static int along(LowerContext ctx, int inst, boolean uv) {
        return uv
                ? ctx.b().field(LaneKernels.HALTON_U, inst, 1, new double[0])
                : ctx.b().intrinsic(inst, Sources.INTRINSIC_NORMALIZED);
    }

    private static void circle(List<BlockDef> out, String type, boolean uv) {
        out.add(BlockDef.of(
                        type,
                        "layout",
                        "Elements on a circle around (0.5, 0.5): angle 2π (clamp01(" + (uv ? "halton2(i)" : "t")
                                + ") + phase)")
                .required("elements", PortType.field(null), "any field of the instance to lay out")
                .in("radius", SIG, 0.3, "radius")
                .in("phase", SIG, 0.0, "rotation in turns")
                .out("position", PortType.field(Payload.VEC3), "position, z = 0")
                .lower(ctx -> layout(ctx, uv, LaneKernels.CIRCLE_LAYOUT, "radius", "phase")));
    }

    private static void line(List<BlockDef> out, String type, boolean uv, double x0, double y0, double x1, double y1) {
        out.add(BlockDef.of(
                        type,
                        "layout",
                        "Elements on the segment (x0, y0)–(x1, y1) at u = clamp01(" + (uv ? "halton2(i)" : "t") + ")")
                .required("elements", PortType.field(null), "any field of the instance to lay out")
                .in("x0", SIG, x0, "start x")
                .in("y0", SIG, y0, "start y")
                .in("x1", SIG, x1, "end x")
                .in("y1", SIG, y1, "end y")
                .out("position", PortType.field(Payload.VEC3), "position, z = 0")
                .lower(ctx -> layout(ctx, uv, LaneKernels.LINE_LAYOUT, "x0", "y0", "x1", "y1")));
    }

    private static void layout(LowerContext ctx, boolean uv, FieldOp k, String... uniforms) {
        int inst = FieldBlocks.requireField(ctx, "elements");
        int[] args = new int[uniforms.length + 1];
        args[0] = along(ctx, inst, uv);
        for (int i = 0; i < uniforms.length; i++) {
            Val u = ctx.in(uniforms[i]);
            args[i + 1] = u.node();
        }
        ctx.out("position", Val.field(ctx.b().field(k, inst, 3, new double[0], args), Payload.VEC3, Unit.ANY, inst));
    }
}
