package dev.lockstep.patch.internal.ir;

import java.util.List;

/**
 * A shape, resolved at compile time: a topology (ellipse, rect, polygon, star, path) and the signal
 * nodes of its parameters. A path shape also names a field node of control points (vec2) over its
 * own point instance. Shapes are descriptors, not slot values: the render assembly reads the
 * parameter slots when it builds a draw op.
 *
 * @param topologyId the renderer's topology number (0 ellipse, 1 rect, 2 and up paths)
 * @param topology its name
 * @param paramNames names of the geometry parameters, in output order
 * @param paramNodes signal node per parameter
 * @param pointsNode field node of vec2 control points, or -1
 * @param closed whether a path closes
 */
public record ShapeDesc(
        int topologyId, String topology, List<String> paramNames, int[] paramNodes, int pointsNode, boolean closed) {}
