package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.ir.CameraDesc;
import dev.lockstep.patch.internal.ir.ShapeDesc;
import dev.lockstep.patch.internal.types.Extent;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;

/**
 * A lowered port value: the IR node holding it and its concrete type. Fields carry their instance;
 * a shape carries its descriptor (node -1); a camera its declaration.
 */
public record Val(
        Extent extent, Payload payload, Unit unit, int node, int instance, ShapeDesc shape, CameraDesc camera) {
    public static Val sig(int node, Payload p, Unit u) {
        return new Val(Extent.SIGNAL, p, u, node, -1, null, null);
    }

    public static Val field(int node, Payload p, Unit u, int instance) {
        return new Val(Extent.FIELD, p, u, node, instance, null, null);
    }

    public static Val event(int node) {
        return new Val(Extent.EVENT, Payload.FLOAT, Unit.ANY, node, -1, null, null);
    }

    public static Val shape(ShapeDesc s, Extent e, int instance) {
        return new Val(e, Payload.SHAPE, Unit.ANY, -1, instance, s, null);
    }

    public boolean isField() {
        return extent == Extent.FIELD;
    }

    public boolean isSignal() {
        return extent == Extent.SIGNAL;
    }

    public int stride() {
        return payload.stride;
    }

    public PortType type() {
        return new PortType(extent, payload, unit);
    }
}
