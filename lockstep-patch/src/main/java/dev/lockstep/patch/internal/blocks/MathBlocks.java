package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.ConstEval;
import dev.lockstep.patch.internal.exec.FieldKernels;
import dev.lockstep.patch.internal.exec.Opcodes;
import dev.lockstep.patch.internal.types.Extent;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.List;

/**
 * Constants and cardinality-generic math (signal or field, any numeric payload, componentwise).
 * Semantics in docs/patch.md, "Math".
 */
final class MathBlocks {
    private MathBlocks() {}

    private static final PortType NUM = PortType.any(null);

    static void register(List<BlockDef> out) {
        out.add(BlockDef.of(
                        "Const", "math", "A constant: a number, or a list of 2, 3 or 4 numbers (vec2, vec3, color).")
                .param("value", ParamDef.Kind.ANY, 0.0, "the value")
                .param("payloadType", ParamDef.Kind.STRING, null, "float, int, bool, vec2, vec3, color")
                .out("out", PortType.signal(null), "the value")
                .lower(ctx -> {
                    Object v = ctx.param("value");
                    double[] k = ConstEval.values(v == null ? 0.0 : v);
                    if (k == null) {
                        throw ctx.error("value", "expected a number or a list of numbers, got " + v);
                    }
                    Payload p =
                            switch (k.length) {
                                case 1 -> Payload.FLOAT;
                                case 2 -> Payload.VEC2;
                                case 3 -> Payload.VEC3;
                                case 4 -> Payload.COLOR;
                                default -> throw ctx.error("value", "a constant has 1 to 4 numbers, got " + k.length);
                            };
                    String pt = ctx.paramString("payloadType");
                    if (pt != null && Payload.parse(pt) != null && Payload.parse(pt).stride == k.length) {
                        p = Payload.parse(pt);
                    }
                    ctx.out("out", Val.sig(ctx.b().sigConst(k), p, p == Payload.FLOAT ? Unit.SCALAR : Unit.ANY));
                }));
        binary(out, "Add", Opcodes.ADD, "a + b");
        binary(out, "Subtract", Opcodes.SUB, "a − b");
        binary(out, "Multiply", Opcodes.MUL, "a · b");
        binary(out, "Divide", Opcodes.DIV, "a / b (division by zero is a runtime error; 0 is used)");
        binary(out, "Modulo", Opcodes.MOD, "a % b, the remainder with the sign of a (as JavaScript's %)");
        out.add(binaryDef("Mod", Opcodes.MOD, "a % b (Oscilla's field-operation name for Modulo)", "result"));
        binary(out, "Min", Opcodes.MIN, "min(a, b)");
        binary(out, "Max", Opcodes.MAX, "max(a, b)");
        binary(out, "Pow", Opcodes.POW, "a to the power b");
        unary(out, "Abs", Opcodes.ABS, "|x|", null);
        unary(out, "Floor", Opcodes.FLOOR, "floor(x)", null);
        unary(out, "Ceil", Opcodes.CEIL, "ceil(x)", null);
        unary(out, "Round", Opcodes.ROUND, "round half up (JavaScript's Math.round)", null);
        unary(out, "Fract", Opcodes.FRACT, "x − floor(x)", null);
        unary(out, "Sqrt", Opcodes.SQRT, "√x (NaN for x < 0: a runtime error)", null);
        unary(out, "Negate", Opcodes.NEG, "−x", null);
        unary(out, "Sin", Opcodes.SIN, "sin(x), x in radians", Unit.SCALAR);
        unary(out, "Cos", Opcodes.COS, "cos(x), x in radians", Unit.SCALAR);
        out.add(BlockDef.of("Clamp", "math", "min(max(x, lo), hi)")
                .required("x", NUM, "value")
                .in("lo", NUM, 0.0, "lower bound")
                .in("hi", NUM, 1.0, "upper bound")
                .out("out", NUM, "clamped value")
                .lower(ctx -> ternary(ctx, "x", "lo", "hi", Opcodes.CLAMP, FieldKernels.CLAMP)));
        out.add(BlockDef.of("Lerp", "math", "a + (b − a) · t")
                .required("a", NUM, "from")
                .required("b", NUM, "to")
                .in("t", NUM, 0.5, "mix amount")
                .out("out", NUM, "mixed value")
                .lower(ctx -> ternary(ctx, "a", "b", "t", Opcodes.LERP, FieldKernels.LERP)));
        out.add(BlockDef.of(
                        "Broadcast",
                        "field",
                        "A signal copied to every element of the field it meets (rounded to float32).")
                .required("signal", PortType.signal(null), "the signal")
                .param("payloadType", ParamDef.Kind.STRING, null, "informational: the payload of the signal")
                .out("field", PortType.field(null), "the same value in every lane")
                .lower(ctx -> {
                    Val s = ctx.in("signal");
                    ctx.out("field", new Val(Extent.FIELD, s.payload(), s.unit(), s.node(), -1, null, null));
                }));
    }

    private static void binary(List<BlockDef> out, String type, Opcodes.Binary op, String doc) {
        out.add(binaryDef(type, op, doc, "out"));
    }

    private static BlockDef binaryDef(String type, Opcodes.Binary op, String doc, String outName) {
        return BlockDef.of(type, "math", doc + "; signals or fields, componentwise.")
                .required("a", NUM, "left operand")
                .required("b", NUM, "right operand")
                .out(outName, NUM, doc)
                .lower(ctx -> Generic.binary(ctx, op, "a", "b", outName));
    }

    private static void unary(List<BlockDef> out, String type, Opcodes.Unary op, String doc, Unit unit) {
        out.add(BlockDef.of(type, "math", doc + "; a signal or a field, componentwise.")
                .required("x", NUM, "operand")
                .out("out", NUM, doc)
                .lower(ctx -> Generic.unary(ctx, op, "x", "out", unit)));
    }

    private static void ternary(
            LowerContext ctx,
            String a,
            String b,
            String c,
            dev.lockstep.patch.internal.ir.SigOp sig,
            dev.lockstep.patch.internal.ir.FieldOp field) {
        Val x = ctx.in(a);
        Val y = ctx.in(b);
        Val z = ctx.in(c);
        for (Val v : new Val[] {x, y, z}) {
            if (v.stride() != 1) {
                throw ctx.error(
                        a,
                        "works on single numbers (stride 1), got a "
                                + v.payload().label());
            }
        }
        int inst = ctx.instance();
        if (inst < 0) {
            ctx.out(
                    "out",
                    new Val(
                            x.extent(),
                            x.payload(),
                            x.unit(),
                            ctx.b().sig(sig, 1, x.node(), y.node(), z.node()),
                            -1,
                            null,
                            null));
            return;
        }
        int n = ctx.b()
                .field(
                        field,
                        inst,
                        1,
                        ctx.asField(x, inst).node(),
                        ctx.asField(y, inst).node(),
                        ctx.asField(z, inst).node());
        ctx.out("out", Val.field(n, x.payload(), x.unit(), inst));
    }
}
