package dev.lockstep.patch.internal.ir;

/**
 * A RenderInstances2D block after lowering: which nodes hold its positions (vec2, or vec3 with z),
 * colours (a color field, or a color signal shared by every instance), shape and scale, over which
 * instance. {@code zNode} is a float field of z, or -1 for z = 0 (position given as vec2).
 */
public record RenderSink(
        String blockId,
        int instance,
        int posNode,
        int posStride,
        int colorNode,
        boolean colorIsField,
        ShapeDesc shape,
        int scaleNode,
        int rotationNode,
        int sizeNode,
        int sortOrder) {}
