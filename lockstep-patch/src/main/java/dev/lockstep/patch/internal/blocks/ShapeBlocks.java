package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.ir.ShapeDesc;
import dev.lockstep.patch.internal.types.Extent;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import java.util.List;

/** Shapes: primitive topologies (ellipse, rect) and paths. Semantics in docs/patch.md, "Shapes". */
final class ShapeBlocks {
    private ShapeBlocks() {}

    static final int ELLIPSE = 0;
    static final int RECT = 1;

    private static final PortType SIG = PortType.signal(Payload.FLOAT);

    static void register(List<BlockDef> out) {
        out.add(BlockDef.of(
                        "Ellipse",
                        "shape",
                        "An ellipse of radii rx, ry (in the unit square), rotated by `rotation` radians.")
                .in("rx", SIG, 0.02, "x radius")
                .in("ry", SIG, 0.02, "y radius")
                .in("rotation", SIG, 0.0, "rotation in radians")
                .out("shape", PortType.signal(Payload.SHAPE), "the shape")
                .lower(ctx -> primitive(ctx, ELLIPSE, "ellipse", "rx", "ry", "rotation")));
        out.add(BlockDef.of("Rect", "shape", "A rectangle width × height, rotated, with rounded corners.")
                .in("width", SIG, 0.04, "width")
                .in("height", SIG, 0.02, "height")
                .in("rotation", SIG, 0.0, "rotation in radians")
                .in("cornerRadius", SIG, 0.0, "corner radius")
                .out("shape", PortType.signal(Payload.SHAPE), "the shape")
                .lower(ctx -> primitive(ctx, RECT, "rect", "width", "height", "rotation", "cornerRadius")));
    }

    private static void primitive(LowerContext ctx, int topology, String name, String... params) {
        int[] nodes = new int[params.length];
        for (int i = 0; i < params.length; i++) {
            nodes[i] = ctx.in(params[i]).node();
        }
        ShapeDesc d = new ShapeDesc(topology, name, List.of(params), nodes, -1, true);
        ctx.out("shape", Val.shape(d, Extent.SIGNAL, -1));
    }
}
