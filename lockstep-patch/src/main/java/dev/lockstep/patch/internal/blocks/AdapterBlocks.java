package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.Opcodes;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.List;

/**
 * Oscilla's explicit unit adapter blocks (Adapter_*): one signal in, one out, re-typed and, for most,
 * converted. The type checker's automatic adapters ({@link Adapters}) cover wires; these are what a
 * patch places by hand. Formulas in docs/patch-blocks.md, "Adapters".
 */
final class AdapterBlocks {
    private AdapterBlocks() {}

    private static final double TAU = 6.283185307179586;

    static void register(List<BlockDef> out) {
        add(out, "Adapter_ScalarToDeg", Unit.SCALAR, Unit.DEGREES, "identity", null, 0);
        add(out, "Adapter_PhaseToScalar01", Unit.PHASE01, Unit.SCALAR, "identity", null, 0);
        add(out, "Adapter_Norm01ToScalar", Unit.NORM01, Unit.SCALAR, "identity", null, 0);
        add(out, "Adapter_ScalarToPhase01", Unit.SCALAR, Unit.PHASE01, "((x % 1) + 1) % 1", Opcodes.WRAP01, 0);
        add(out, "Adapter_PhaseToRadians", Unit.PHASE01, Unit.RADIANS, "x · 2π", Opcodes.MUL, TAU);
        add(out, "Adapter_RadiansToPhase01", Unit.RADIANS, Unit.PHASE01, "wrap01(x / 2π)", Opcodes.DIV, TAU);
        add(
                out,
                "Adapter_DegreesToRadians",
                Unit.DEGREES,
                Unit.RADIANS,
                "x · π/180",
                Opcodes.MUL,
                0.017453292519943295);
        add(out, "Adapter_RadiansToDegrees", Unit.RADIANS, Unit.DEGREES, "x · 180/π", Opcodes.MUL, 57.29577951308232);
        add(out, "Adapter_MsToSeconds", Unit.MS, Unit.SECONDS, "x / 1000", Opcodes.DIV, 1000);
        add(out, "Adapter_SecondsToMs", Unit.SECONDS, Unit.MS, "floor(x · 1000)", Opcodes.MUL, 1000);
        add(out, "Adapter_ScalarToNorm01Clamp", Unit.SCALAR, Unit.NORM01, "clamp(x, 0, 1)", Opcodes.CLAMP, 0);
    }

    private static void add(List<BlockDef> out, String type, Unit from, Unit to, String doc, Object op, double k) {
        out.add(BlockDef.of(type, "adapter", "Unit adapter " + from.label() + " → " + to.label() + ": " + doc)
                .required("in", PortType.signal(Payload.FLOAT, from), "value in " + from.label())
                .out("out", PortType.signal(Payload.FLOAT, to), "value in " + to.label())
                .lower(ctx -> {
                    var b = ctx.b();
                    int x = ctx.in("in").node();
                    int n;
                    if (op == null) {
                        n = x;
                    } else if (op == Opcodes.WRAP01) {
                        n = b.sig(Opcodes.WRAP01.sig(1), 1, x);
                    } else if (op == Opcodes.CLAMP) {
                        n = b.sig(Opcodes.CLAMP, 1, x, b.sigConst(0), b.sigConst(1));
                    } else {
                        n = b.sig(((Opcodes.Binary) op).sig(1), 1, x, b.sigConst(k));
                        if (type.equals("Adapter_RadiansToPhase01")) {
                            n = b.sig(Opcodes.WRAP01.sig(1), 1, n);
                        } else if (type.equals("Adapter_SecondsToMs")) {
                            n = b.sig(Opcodes.FLOOR.sig(1), 1, n);
                        }
                    }
                    ctx.out("out", Val.sig(n, Payload.FLOAT, to));
                }));
    }
}
