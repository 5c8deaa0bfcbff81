package dev.lockstep.patch.internal.ir;

/**
 * The camera a patch declares (a Camera block), as signal nodes: projection (0 orthographic, 1
 * perspective) and its parameters. Absent, the render assembly uses the default orthographic camera.
 */
public record CameraDesc(
        String blockId,
        int projectionNode,
        int centerXNode,
        int centerYNode,
        int distanceNode,
        int tiltNode,
        int yawNode,
        int fovNode,
        int nearNode,
        int farNode) {}
