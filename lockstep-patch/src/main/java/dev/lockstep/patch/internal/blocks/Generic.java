package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.FieldKernels;
import dev.lockstep.patch.internal.exec.Opcodes;
import dev.lockstep.patch.internal.ir.FieldOp;
import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.Unit;

/**
 * Lowering helpers for cardinality-generic blocks: a block whose inputs are all signals makes a
 * signal; if any is a field, signals are broadcast (rounded to float32) over that field's instance
 * and the block makes a field. A {@code Broadcast} output is a field without an instance yet; it
 * takes the instance of whatever it meets.
 */
final class Generic {
    private Generic() {}

    static void binary(LowerContext ctx, Opcodes.Binary op, String a, String b, String out) {
        Val x = ctx.in(a);
        Val y = ctx.in(b);
        IrBuilder ir = ctx.b();
        int inst = ctx.instance();
        int stride = Math.max(x.stride(), y.stride());
        x = splat(ctx, x, stride, a);
        y = splat(ctx, y, stride, b);
        Payload p = x.stride() >= y.stride() ? x.payload() : y.payload();
        Unit u = x.unit() == y.unit() ? x.unit() : Unit.SCALAR;
        if (inst < 0 && !x.isField() && !y.isField()) {
            ctx.out(out, Val.sig(ir.sig(op.sig(stride), stride, x.node(), y.node()), p, u));
            return;
        }
        if (inst < 0) {
            // two pending broadcasts: the result is a pending broadcast of the signal result
            ctx.out(
                    out,
                    new Val(
                            dev.lockstep.patch.internal.types.Extent.FIELD,
                            p,
                            u,
                            ir.sig(op.sig(stride), stride, x.node(), y.node()),
                            -1,
                            null,
                            null));
            return;
        }
        Val fx = ctx.asField(x, inst);
        Val fy = ctx.asField(y, inst);
        ctx.out(out, Val.field(ir.field(FieldKernels.zip(op), inst, stride, fx.node(), fy.node()), p, u, inst));
    }

    static void unary(LowerContext ctx, Opcodes.Unary op, String a, String out, Unit unit) {
        Val x = ctx.in(a);
        IrBuilder ir = ctx.b();
        int inst = ctx.instance();
        Unit u = unit == null ? x.unit() : unit;
        if (inst < 0) {
            var ext = x.extent();
            ctx.out(
                    out,
                    new Val(ext, x.payload(), u, ir.sig(op.sig(x.stride()), x.stride(), x.node()), -1, null, null));
            return;
        }
        ctx.out(out, Val.field(ir.field(FieldKernels.map(op), inst, x.stride(), x.node()), x.payload(), u, inst));
    }

    /** A field op with fields first and uniforms (signals, float64) after, as FieldKernels expects. */
    static int fieldOp(LowerContext ctx, FieldOp op, int inst, int stride, Val[] fields, Val[] uniforms) {
        int[] args = new int[fields.length + uniforms.length];
        for (int i = 0; i < fields.length; i++) {
            args[i] = ctx.asField(fields[i], inst).node();
        }
        for (int i = 0; i < uniforms.length; i++) {
            Val u = uniforms[i];
            if (u.isField() && u.instance() >= 0) {
                throw ctx.error(null, "takes a signal here, got a field");
            }
            args[fields.length + i] = u.node();
        }
        return ctx.b().field(op, inst, stride, new double[0], args);
    }

    /** A stride-1 signal splatted to {@code stride} components (0 + x in vec form); others unchanged. */
    static Val splat(LowerContext ctx, Val v, int stride, String port) {
        if (v.stride() == stride) {
            return v;
        }
        if (v.stride() != 1 || v.isField() && v.instance() >= 0) {
            throw ctx.error(
                    port, "a " + v.payload().label() + " cannot combine with a value of " + stride + " components");
        }
        int[] comps = new int[stride];
        java.util.Arrays.fill(comps, v.node());
        int n = ctx.b().sig(Opcodes.PACK, stride, comps);
        Payload p = stride == 2 ? Payload.VEC2 : stride == 3 ? Payload.VEC3 : Payload.COLOR;
        return new Val(v.extent(), p, v.unit(), n, v.instance(), null, null);
    }
}
