package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.FieldKernels;
import dev.lockstep.patch.internal.ir.Sources;
import dev.lockstep.patch.internal.types.Extent;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.List;

/**
 * Instances (Array, GridArray), layouts and per-element field operations. Semantics and numbers in
 * docs/patch.md, "Fields".
 */
final class FieldBlocks {
    private FieldBlocks() {}

    private static final PortType F = PortType.field(Payload.FLOAT);
    private static final PortType SIG = PortType.signal(Payload.FLOAT);

    static void register(List<BlockDef> out) {
        out.add(BlockDef.of("Array", "instance", "Makes an instance of `count` elements, each with a stable id.")
                .in(
                        "element",
                        PortType.signal(Payload.SHAPE),
                        new DefaultSource.Block("Ellipse", "shape", java.util.Collections.emptyMap()),
                        true,
                        "what each element is (a shape)")
                .constIn("count", PortType.signal(Payload.INT), 100.0, "number of elements (compile-time)")
                .out("elements", PortType.field(Payload.SHAPE), "the element, per lane")
                .out("index", PortType.field(Payload.INT), "lane index 0..n-1")
                .out("t", PortType.field(Payload.FLOAT, Unit.NORM01), "i / (n − 1) (0.5 for one element)")
                .out("active", PortType.field(Payload.BOOL), "1 in every lane")
                .lower(ctx -> {
                    double c = ctx.constant("count");
                    if (!(c >= 1) || c != Math.rint(c) || c > 50_000_000) {
                        throw ctx.error("count", "must be a whole number from 1 to 50,000,000, got " + c);
                    }
                    var b = ctx.b();
                    int inst = b.instance(ctx.blockId(), (int) c);
                    arrayOutputs(ctx, inst);
                }));
        out.add(BlockDef.of(
                        "GridArray",
                        "instance",
                        "Makes a 2D grid instance of cols × rows elements (row-major); element ids follow (x, y).")
                .in(
                        "element",
                        PortType.signal(Payload.SHAPE),
                        new DefaultSource.Block("Ellipse", "shape", java.util.Collections.emptyMap()),
                        true,
                        "what each element is")
                .constIn("cols", PortType.signal(Payload.INT), 10.0, "columns (compile-time)")
                .constIn("rows", PortType.signal(Payload.INT), 10.0, "rows (compile-time)")
                .out("elements", PortType.field(Payload.SHAPE), "the element, per lane")
                .out("index", PortType.field(Payload.INT), "lane index")
                .out("t", PortType.field(Payload.FLOAT, Unit.NORM01), "i / (n − 1)")
                .out("active", PortType.field(Payload.BOOL), "1")
                .out("x", PortType.field(Payload.INT), "column")
                .out("y", PortType.field(Payload.INT), "row")
                .out("uv", PortType.field(Payload.VEC2), "cell position in [0, 1]²")
                .lower(ctx -> {
                    double w = ctx.constant("cols");
                    double h = ctx.constant("rows");
                    if (!(w >= 1 && h >= 1)
                            || w != Math.rint(w)
                            || h != Math.rint(h)
                            || w >= 65536
                            || h * w > 50_000_000) {
                        throw ctx.error(
                                w >= 1 ? "rows" : "cols", "cols and rows must be whole numbers ≥ 1 (cols < 65536)");
                    }
                    var b = ctx.b();
                    int inst = b.gridInstance(ctx.blockId(), (int) w, (int) h);
                    arrayOutputs(ctx, inst);
                    int x = b.intrinsic(inst, Sources.INTRINSIC_GRID_X);
                    int y = b.intrinsic(inst, Sources.INTRINSIC_GRID_Y);
                    ctx.out("x", Val.field(x, Payload.INT, Unit.SCALAR, inst));
                    ctx.out("y", Val.field(y, Payload.INT, Unit.SCALAR, inst));
                    Val uv = Val.field(
                            b.field(FieldKernels.GRID_UV, inst, 2, new double[0]), Payload.VEC2, Unit.ANY, inst);
                    ctx.out("uv", uv);
                }));
        out.add(BlockDef.of("GoldenAngle", "field", "angle = id01 · turns · π(3 − √5)")
                .required("id01", PortType.any(Payload.FLOAT), "normalized id")
                .in("turns", SIG, 50.0, "how many golden-angle turns over the instance")
                .out("angle", PortType.any(Payload.FLOAT, Unit.RADIANS), "angle in radians")
                .lower(ctx -> {
                    int inst = requireField(ctx, "id01");
                    int n = Generic.fieldOp(
                            ctx, FieldKernels.GOLDEN_ANGLE_K, inst, 1, new Val[] {ctx.in("id01")}, new Val[] {
                                ctx.in("turns")
                            });
                    ctx.out("angle", Val.field(n, Payload.FLOAT, Unit.RADIANS, inst));
                }));
        out.add(BlockDef.of("AngularOffset", "field", "offset = 2π · phase · spin (the same in every lane)")
                .required("id01", PortType.any(Payload.FLOAT), "normalized id (sets the instance)")
                .in("phase", PortType.signal(Payload.FLOAT, Unit.PHASE01), DefaultSource.time("phaseA"), false, "phase")
                .in("spin", SIG, 1.0, "turns per phase cycle")
                .out("offset", PortType.any(Payload.FLOAT, Unit.RADIANS), "angle in radians")
                .lower(ctx -> {
                    int inst = requireField(ctx, "id01");
                    int n = Generic.fieldOp(ctx, FieldKernels.ANGULAR_OFFSET, inst, 1, new Val[0], new Val[] {
                        ctx.in("phase"), ctx.in("spin")
                    });
                    ctx.out("offset", Val.field(n, Payload.FLOAT, Unit.RADIANS, inst));
                }));
        out.add(BlockDef.of("RadiusSqrt", "field", "radius · √id01: even area density on a disc")
                .required("id01", PortType.any(Payload.FLOAT), "normalized id")
                .in("radius", SIG, 0.35, "outer radius")
                .out("out", F, "radius per lane")
                .lower(ctx -> {
                    int inst = requireField(ctx, "id01");
                    int n = Generic.fieldOp(
                            ctx, FieldKernels.RADIUS_SQRT, inst, 1, new Val[] {ctx.in("id01")}, new Val[] {
                                ctx.in("radius")
                            });
                    ctx.out("out", Val.field(n, Payload.FLOAT, Unit.SCALAR, inst));
                }));
        out.add(BlockDef.of("FieldPolarToCartesian", "field", "(cx + r cos a, cy + r sin a, 0)")
                .required("angle", PortType.any(Payload.FLOAT), "angle in radians")
                .required("radius", PortType.any(Payload.FLOAT), "radius")
                .in("centerX", SIG, 0.5, "centre x")
                .in("centerY", SIG, 0.5, "centre y")
                .out("pos", PortType.field(Payload.VEC3), "position")
                .lower(ctx -> {
                    int inst = requireField(ctx, "angle");
                    int n = Generic.fieldOp(
                            ctx,
                            FieldKernels.POLAR_TO_CARTESIAN,
                            inst,
                            3,
                            new Val[] {ctx.in("angle"), ctx.in("radius")},
                            new Val[] {ctx.in("centerX"), ctx.in("centerY")});
                    ctx.out("pos", Val.field(n, Payload.VEC3, Unit.ANY, inst));
                }));
        out.add(BlockDef.of("FieldCartesianToPolar", "field", "(angle, radius) of a position around (cx, cy)")
                .required("pos", PortType.field(Payload.VEC3), "position")
                .in("centerX", SIG, 0.5, "centre x")
                .in("centerY", SIG, 0.5, "centre y")
                .out("polar", PortType.field(Payload.VEC2), "(angle in radians, radius)")
                .lower(ctx -> {
                    int inst = requireField(ctx, "pos");
                    int n = Generic.fieldOp(
                            ctx, FieldKernels.CARTESIAN_TO_POLAR, inst, 2, new Val[] {ctx.in("pos")}, new Val[] {
                                ctx.in("centerX"), ctx.in("centerY")
                            });
                    ctx.out("polar", Val.field(n, Payload.VEC2, Unit.ANY, inst));
                }));
        jitter(out, "JitterVec", "pos", "rand", "out", 0.01, 0.01, 0.0);
        jitter(out, "OffsetVec", "posIn", "rand", "posOut", 0.0, 0.0, 0.0);
        out.add(BlockDef.of("HueFromPhase", "color", "hue = fract(id01 + phase)")
                .required("id01", PortType.any(Payload.FLOAT), "per-element offset")
                .in("phase", PortType.signal(Payload.FLOAT, Unit.PHASE01), DefaultSource.time("phaseA"), false, "phase")
                .out("hue", F, "hue in [0, 1)")
                .lower(ctx -> {
                    int inst = requireField(ctx, "id01");
                    int n = Generic.fieldOp(
                            ctx, FieldKernels.HUE_FROM_PHASE, inst, 1, new Val[] {ctx.in("id01")}, new Val[] {
                                ctx.in("phase")
                            });
                    ctx.out("hue", Val.field(n, Payload.FLOAT, Unit.SCALAR, inst));
                }));
        out.add(BlockDef.of("HsvToRgb", "color", "HSV to RGB, each channel quantised to 8 bits; alpha 1")
                .required("hue", PortType.any(Payload.FLOAT), "hue in turns (wrapped)")
                .in("sat", SIG, 1.0, "saturation, clamped to [0, 1]")
                .in("val", SIG, 1.0, "value, clamped to [0, 1]")
                .out("color", PortType.any(Payload.COLOR), "colour (a signal when every input is one)")
                .lower(ctx -> {
                    if (ctx.instance() < 0) {
                        // a signal hue: one colour, which a consumer broadcasts over its instance
                        // (Oscilla refuses this: "HsvToRgb hue must be a field")
                        int c = ctx.b()
                                .sig(
                                        dev.lockstep.patch.internal.exec.Colors.HSV_TO_RGB_SIG,
                                        4,
                                        ctx.in("hue").node(),
                                        ctx.in("sat").node(),
                                        ctx.in("val").node());
                        ctx.out("color", Val.sig(c, Payload.COLOR, Unit.ANY));
                        return;
                    }
                    int inst = requireField(ctx, "hue");
                    int n = Generic.fieldOp(
                            ctx, FieldKernels.HSV_TO_RGB, inst, 4, new Val[] {ctx.in("hue")}, new Val[] {
                                ctx.in("sat"), ctx.in("val")
                            });
                    ctx.out("color", Val.field(n, Payload.COLOR, Unit.ANY, inst));
                }));
        out.add(BlockDef.of("SetZ", "field", "(x, y, z) from a position and a z")
                .required("pos", PortType.any(Payload.VEC3), "position")
                .required("z", PortType.any(Payload.FLOAT), "z")
                .out("out", PortType.field(Payload.VEC3), "position with z")
                .lower(ctx -> {
                    int inst = ctx.instance();
                    if (inst < 0) {
                        throw ctx.error("pos", "needs a field (a position per element)");
                    }
                    int n = ctx.b()
                            .field(
                                    FieldKernels.SET_Z,
                                    inst,
                                    3,
                                    ctx.asField(ctx.in("pos"), inst).node(),
                                    ctx.asField(ctx.in("z"), inst).node());
                    ctx.out("out", Val.field(n, Payload.VEC3, Unit.ANY, inst));
                }));
        layout(
                out,
                "GridLayout",
                FieldKernels.GRID_LAYOUT,
                "row-major grid in [0, 1]², lane i at cell i (wrapping)",
                10,
                10);
        layout(
                out,
                "GridLayoutUV",
                FieldKernels.GRID_LAYOUT_UV,
                "grid in [0, 1]², lane i at the cell of its Halton(2, 3) point",
                5,
                5);
    }

    private static void arrayOutputs(LowerContext ctx, int inst) {
        var b = ctx.b();
        Val el = ctx.in("element");
        if (el != null && el.shape() != null) {
            ctx.out("elements", Val.shape(el.shape(), Extent.FIELD, inst));
        }
        ctx.out("index", Val.field(b.intrinsic(inst, Sources.INTRINSIC_INDEX), Payload.INT, Unit.SCALAR, inst));
        ctx.out("t", Val.field(b.intrinsic(inst, Sources.INTRINSIC_NORMALIZED), Payload.FLOAT, Unit.NORM01, inst));
        int one = b.field(FieldKernels.BROADCAST, inst, 1, b.sigConst(1));
        ctx.out("active", Val.field(one, Payload.BOOL, Unit.SCALAR, inst));
    }

    static int requireField(LowerContext ctx, String port) {
        Val v = ctx.in(port);
        int inst = ctx.instance();
        if (inst < 0 || v == null || !v.isField()) {
            throw ctx.error(
                    port,
                    "must be a field (one value per element): wire an Array output (t, index) or a field into it");
        }
        return inst;
    }

    private static void jitter(
            List<BlockDef> out, String type, String pos, String rand, String o, double ax, double ay, double az) {
        out.add(BlockDef.of(
                        type,
                        "field",
                        "pos + (hash(rand) · 2 − 1) · amount per axis: a deterministic offset keyed by rand")
                .required(pos, PortType.any(Payload.VEC3), "position")
                .in(rand, PortType.any(Payload.FLOAT), 0.0, "hash key per lane")
                .in("amountX", SIG, ax, "x amplitude")
                .in("amountY", SIG, ay, "y amplitude")
                .in("amountZ", SIG, az, "z amplitude")
                .out(o, PortType.field(Payload.VEC3), "offset position")
                .lower(ctx -> {
                    int inst = requireField(ctx, pos);
                    int n = Generic.fieldOp(
                            ctx, FieldKernels.JITTER_VEC, inst, 3, new Val[] {ctx.in(pos), ctx.in(rand)}, new Val[] {
                                ctx.in("amountX"), ctx.in("amountY"), ctx.in("amountZ")
                            });
                    ctx.out(o, Val.field(n, Payload.VEC3, Unit.ANY, inst));
                }));
    }

    private static void layout(
            List<BlockDef> out,
            String type,
            dev.lockstep.patch.internal.ir.FieldOp k,
            String doc,
            double cols,
            double rows) {
        out.add(BlockDef.of(type, "layout", doc)
                .required("elements", PortType.field(null), "any field of the instance to lay out")
                .in("rows", PortType.signal(Payload.INT), rows, "rows")
                .in("cols", PortType.signal(Payload.INT), cols, "columns")
                .out("position", PortType.field(Payload.VEC3), "position, z = 0")
                .lower(ctx -> {
                    int inst = requireField(ctx, "elements");
                    int n = Generic.fieldOp(ctx, k, inst, 3, new Val[0], new Val[] {ctx.in("cols"), ctx.in("rows")});
                    ctx.out("position", Val.field(n, Payload.VEC3, Unit.ANY, inst));
                }));
    }
}
