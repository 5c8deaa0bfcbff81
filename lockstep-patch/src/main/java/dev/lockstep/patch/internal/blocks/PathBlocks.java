package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.FieldKernels;
import dev.lockstep.patch.internal.exec.PathKernels;
import dev.lockstep.patch.internal.ir.ShapeDesc;
import dev.lockstep.patch.internal.ir.Sources;
import dev.lockstep.patch.internal.types.Extent;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.List;

/**
 * Procedural paths (star, polygon) and PathField. A path block's point count is a compile-time
 * constant: it makes a new instance of control points (one lane per vertex) whose vec2 positions
 * are the {@code controlPoints} field, and a path shape that names that field. Semantics in
 * docs/patch-blocks.md, "Paths".
 */
final class PathBlocks {
    private PathBlocks() {}

    static final int POLYGON = 2;
    static final int STAR = 3;

    private static final PortType SIG = PortType.signal(Payload.FLOAT);

    static void register(List<BlockDef> out) {
        out.add(BlockDef.of(
                        "ProceduralStar",
                        "shape",
                        "A closed star path of `points` tips: 2·points control points alternating outer and inner"
                                + " radius, the first pointing to −y.")
                .constIn("points", PortType.signal(Payload.INT), 5.0, "number of tips (compile-time, ≥ 3)")
                .in("outerRadius", SIG, 0.15, "radius of the tips")
                .in("innerRadius", SIG, 0.06, "radius of the notches")
                .out("shape", PortType.signal(Payload.SHAPE), "the path")
                .out("controlPoints", PortType.field(Payload.VEC2), "vertex positions (centred on 0)")
                .lower(ctx -> {
                    int p = (int) Math.max(3, Math.floor(count(ctx, "points") + 0.5));
                    path(ctx, STAR, "star", 2 * p, p, PathKernels.STAR_VERTEX, "outerRadius", "innerRadius");
                }));
        out.add(BlockDef.of(
                        "ProceduralPolygon",
                        "shape",
                        "A closed regular polygon path of `sides` vertices on an ellipse of radii radiusX, radiusY,"
                                + " the first at −y.")
                .constIn("sides", PortType.signal(Payload.INT), 5.0, "number of sides (compile-time, ≥ 3)")
                .in("radiusX", SIG, 0.1, "x radius")
                .in("radiusY", SIG, 0.1, "y radius")
                .out("shape", PortType.signal(Payload.SHAPE), "the path")
                .out("controlPoints", PortType.field(Payload.VEC2), "vertex positions (centred on 0)")
                .lower(ctx -> {
                    int s = (int) Math.max(3, Math.floor(count(ctx, "sides") + 0.5));
                    path(ctx, POLYGON, "polygon", s, s, PathKernels.POLYGON_VERTEX, "radiusX", "radiusY");
                }));
        out.add(BlockDef.of(
                        "PathField",
                        "field",
                        "Per control point of a path: position (x, y, 0), index, tangent (closed central difference)"
                                + " and arc length (cumulative, open polyline, absolute).")
                .required("controlPoints", PortType.field(Payload.VEC2), "a path's control points")
                .out("position", PortType.field(Payload.VEC3), "(x, y, 0)")
                .out("index", PortType.field(Payload.INT), "vertex index")
                .out("tangent", PortType.field(Payload.VEC3), "((P[i+1] − P[i−1]) / 2, 0), wrapping")
                .out("arcLength", PortType.field(Payload.FLOAT), "length of the polyline from vertex 0")
                .lower(ctx -> {
                    int inst = FieldBlocks.requireField(ctx, "controlPoints");
                    var b = ctx.b();
                    int cp = ctx.in("controlPoints").node();
                    ctx.out(
                            "position",
                            Val.field(b.field(FieldKernels.VEC2_TO_VEC3, inst, 3, cp), Payload.VEC3, Unit.ANY, inst));
                    ctx.out(
                            "index",
                            Val.field(b.intrinsic(inst, Sources.INTRINSIC_INDEX), Payload.INT, Unit.SCALAR, inst));
                    ctx.out(
                            "tangent",
                            Val.field(b.field(PathKernels.TANGENT, inst, 3, cp), Payload.VEC3, Unit.ANY, inst));
                    ctx.out(
                            "arcLength",
                            Val.field(b.field(PathKernels.ARC_LENGTH, inst, 1, cp), Payload.FLOAT, Unit.SCALAR, inst));
                }));
    }

    private static double count(LowerContext ctx, String port) {
        double v = ctx.constant(port);
        if (!(v >= 1) || v > 100_000) {
            throw ctx.error(port, "must be a whole number from 3 to 100,000, got " + v);
        }
        return v;
    }

    private static void path(
            LowerContext ctx,
            int topology,
            String name,
            int lanes,
            int k,
            dev.lockstep.patch.internal.ir.FieldOp vertex,
            String r1,
            String r2) {
        var b = ctx.b();
        int inst = b.instance(ctx.blockId() + ":points", lanes);
        int idx = b.intrinsic(inst, Sources.INTRINSIC_INDEX);
        int n1 = ctx.in(r1).node();
        int n2 = ctx.in(r2).node();
        int pts = b.field(vertex, inst, 2, new double[] {k}, idx, n1, n2);
        ctx.out("controlPoints", Val.field(pts, Payload.VEC2, Unit.ANY, inst));
        ShapeDesc d = new ShapeDesc(topology, name, List.of(r1, r2), new int[] {n1, n2}, pts, true);
        ctx.out("shape", Val.shape(d, Extent.SIGNAL, -1));
    }
}
