package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.ir.CameraDesc;
import dev.lockstep.patch.internal.ir.RenderSink;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.List;

/** The render sink and the camera. Semantics in docs/patch.md, "Rendering". */
final class RenderBlocks {
    private RenderBlocks() {}

    private static final PortType SIG = PortType.signal(Payload.FLOAT);

    static void register(List<BlockDef> out) {
        out.add(BlockDef.of(
                        "RenderInstances2D", "render", "Draws one shape per element at its position, in its colour.")
                .sink()
                .required(
                        "pos",
                        PortType.field(Payload.VEC3),
                        "position per element (vec2 or vec3; z goes to the camera)")
                .required("color", PortType.any(Payload.COLOR), "colour per element, or one colour for all")
                .in(
                        "shape",
                        PortType.signal(Payload.SHAPE),
                        new DefaultSource.Block("Ellipse", "shape", java.util.Collections.emptyMap()),
                        false,
                        "the shape drawn")
                .in("scale", SIG, 1.0, "size multiplier (world units)")
                .optional("rotation", PortType.any(Payload.FLOAT), "rotation per element in radians")
                .lower(ctx -> {
                    Val pos = ctx.in("pos");
                    if (!pos.isField() || pos.instance() < 0) {
                        throw ctx.error("pos", "must be a field of positions (one per element)");
                    }
                    int inst = pos.instance();
                    Val color = ctx.in("color");
                    if (color.isField() && color.instance() >= 0 && color.instance() != inst) {
                        throw ctx.error("color", "is over a different instance than pos");
                    }
                    Val shape = ctx.in("shape");
                    Val rot = ctx.in("rotation");
                    int rotNode = rot == null ? -1 : ctx.asField(rot, inst).node();
                    boolean colorField = color.isField();
                    int colorNode = colorField ? ctx.asField(color, inst).node() : color.node();
                    ctx.b()
                            .sink(new RenderSink(
                                    ctx.blockId(),
                                    inst,
                                    pos.node(),
                                    pos.stride(),
                                    colorNode,
                                    colorField,
                                    shape.shape(),
                                    ctx.in("scale").node(),
                                    rotNode,
                                    -1,
                                    ctx.b().sinks().size()));
                }));
        out.add(BlockDef.of(
                        "Camera",
                        "render",
                        "The patch's camera: orthographic (0) or perspective (1) looking at (centerX, centerY, 0).")
                .in("projection", PortType.signal(Payload.INT), 1.0, "0 orthographic, 1 perspective")
                .in("centerX", PortType.signal(Payload.FLOAT, Unit.NORM01), 0.5, "target x")
                .in("centerY", PortType.signal(Payload.FLOAT, Unit.NORM01), 0.5, "target y")
                .in("distance", SIG, 0.87, "distance from the target")
                .in("tiltDeg", PortType.signal(Payload.FLOAT, Unit.DEGREES), 35.0, "elevation in degrees (±89.9)")
                .in("yawDeg", PortType.signal(Payload.FLOAT, Unit.DEGREES), 0.0, "azimuth in degrees")
                .in("fovYDeg", PortType.signal(Payload.FLOAT, Unit.DEGREES), 60.0, "vertical field of view in degrees")
                .in("near", SIG, 0.01, "near plane")
                .in("far", SIG, 100.0, "far plane")
                .lower(ctx -> {
                    if (ctx.b().camera() != null) {
                        throw ctx.error(
                                null,
                                "a patch has at most one Camera; "
                                        + ctx.b().camera().blockId() + " is the other");
                    }
                    ctx.b()
                            .camera(new CameraDesc(
                                    ctx.blockId(),
                                    cameraIn(ctx, "projection"),
                                    cameraIn(ctx, "centerX"),
                                    cameraIn(ctx, "centerY"),
                                    cameraIn(ctx, "distance"),
                                    cameraIn(ctx, "tiltDeg"),
                                    cameraIn(ctx, "yawDeg"),
                                    cameraIn(ctx, "fovYDeg"),
                                    cameraIn(ctx, "near"),
                                    cameraIn(ctx, "far")));
                }));
    }

    /**
     * A camera input's node; under Oscilla's slot aliasing (conformance only, see {@link
     * CompileOptions#cameraSlotAliasing}) an aliased constant reads 0, as Oscilla's camera does.
     */
    private static int cameraIn(LowerContext ctx, String port) {
        if (!port.equals("projection") && ctx.slotAliased(port)) {
            return ctx.b().sigConst(0);
        }
        return ctx.in(port).node();
    }
}
