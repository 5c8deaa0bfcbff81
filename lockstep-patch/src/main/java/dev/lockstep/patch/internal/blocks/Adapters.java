package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.FieldKernels;
import dev.lockstep.patch.internal.exec.Opcodes;
import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.types.Unit;
import java.util.List;

/**
 * Unit adapters the type checker inserts on an edge between two different concrete units: each is a
 * multiplication by a constant, on a signal or lane-wise on a field, and shows up in value
 * attribution as an adapter node ({@code origin} "adapter:from->to"). A scalar (plain number) goes
 * anywhere unadapted; pairs not in the table are type errors.
 */
public final class Adapters {
    private Adapters() {}

    public record Adapter(Unit from, Unit to, double factor) {
        public Val apply(IrBuilder b, Val v) {
            String saved = b.origin();
            b.origin(saved + ":adapter(" + from.label() + "->" + to.label() + ")");
            try {
                int k = b.sigConst(factor);
                if (v.isField()) {
                    int kf = b.field(FieldKernels.BROADCAST, v.instance(), 1, k);
                    int n = b.field(FieldKernels.zip(Opcodes.MUL), v.instance(), 1, v.node(), kf);
                    return Val.field(n, v.payload(), to, v.instance());
                }
                return Val.sig(b.sig(Opcodes.MUL.sig(1), 1, v.node(), k), v.payload(), to);
            } finally {
                b.origin(saved);
            }
        }
    }

    private static final double TAU = Math.PI * 2;

    private static final List<Adapter> TABLE = List.of(
            new Adapter(Unit.PHASE01, Unit.RADIANS, TAU),
            new Adapter(Unit.RADIANS, Unit.PHASE01, 1 / TAU),
            new Adapter(Unit.PHASE01, Unit.DEGREES, 360),
            new Adapter(Unit.DEGREES, Unit.PHASE01, 1.0 / 360),
            new Adapter(Unit.DEGREES, Unit.RADIANS, Math.PI / 180),
            new Adapter(Unit.RADIANS, Unit.DEGREES, 180 / Math.PI),
            new Adapter(Unit.MS, Unit.SECONDS, 0.001),
            new Adapter(Unit.SECONDS, Unit.MS, 1000),
            new Adapter(Unit.NORM01, Unit.PHASE01, 1),
            new Adapter(Unit.PHASE01, Unit.NORM01, 1));

    /** The adapter from one unit to another, or null. */
    public static Adapter find(Unit from, Unit to) {
        for (Adapter a : TABLE) {
            if (a.from == from && a.to == to) {
                return a;
            }
        }
        return null;
    }

    public static List<Adapter> all() {
        return TABLE;
    }
}
