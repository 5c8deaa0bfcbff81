package dev.lockstep.patch.internal.types;

/**
 * The type of a port: extent, payload and unit. A null payload on an input means "any numeric
 * payload" (generic math); on an output, "the payload of the first generic input".
 */
public record PortType(Extent extent, Payload payload, Unit unit) {
    public static PortType signal(Payload p) {
        return new PortType(Extent.SIGNAL, p, p == Payload.FLOAT ? Unit.SCALAR : Unit.ANY);
    }

    public static PortType signal(Payload p, Unit u) {
        return new PortType(Extent.SIGNAL, p, u);
    }

    public static PortType field(Payload p) {
        return new PortType(Extent.FIELD, p, p == Payload.FLOAT ? Unit.SCALAR : Unit.ANY);
    }

    public static PortType field(Payload p, Unit u) {
        return new PortType(Extent.FIELD, p, u);
    }

    public static PortType any(Payload p) {
        return new PortType(Extent.ANY, p, Unit.ANY);
    }

    public static PortType any(Payload p, Unit u) {
        return new PortType(Extent.ANY, p, u);
    }

    public static PortType event() {
        return new PortType(Extent.EVENT, Payload.FLOAT, Unit.ANY);
    }

    public PortType withExtent(Extent e) {
        return new PortType(e, payload, unit);
    }

    public PortType withUnit(Unit u) {
        return new PortType(extent, payload, u);
    }

    public PortType withPayload(Payload p) {
        return new PortType(extent, p, unit);
    }

    @Override
    public String toString() {
        String p = payload == null ? "numeric" : payload.label();
        String u = unit == Unit.ANY || unit == Unit.SCALAR || payload != Payload.FLOAT ? "" : "<" + unit.label() + ">";
        return extent.label() + " " + p + u;
    }
}
