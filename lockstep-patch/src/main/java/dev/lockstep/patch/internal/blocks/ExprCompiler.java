package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.Opcodes;
import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.ir.SigOp;
import java.util.Map;

/**
 * The Expression block's language, compiled straight to signal nodes by recursive descent (grammar
 * and precedence as JavaScript's, see docs/patch-blocks.md "Expression"). Every value is a double
 * signal of stride 1 to 4; numbers are literals {@code [0-9]+('.'[0-9]+)?}; names are the block's
 * inputs ({@code in0}, {@code in1}). Comparisons, {@code !}, {@code &&}, {@code ||} give 1 or 0
 * (Oscilla never implemented them at runtime; this is their obvious meaning) and the ternary selects
 * one branch. A syntax error is a {@link Syntax} with the character position; the block turns it
 * into a PatchException naming port 'expression'.
 */
final class ExprCompiler {
    /** A syntax or name error at a character position of the expression. */
    static final class Syntax extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int position;

        Syntax(String message, int position) {
            super(message + " at position " + position, null, false, false);
            this.position = position;
        }
    }

    private record V(int node, int stride) {}

    private final String src;
    private final IrBuilder b;
    private final Map<String, Val> names;
    private int pos;

    private ExprCompiler(String src, IrBuilder b, Map<String, Val> names) {
        this.src = src;
        this.b = b;
        this.names = names;
    }

    /** The node computing {@code src}; an empty expression is the constant 0. */
    static Val compile(String src, IrBuilder b, Map<String, Val> names) {
        ExprCompiler c = new ExprCompiler(src, b, names);
        c.skip();
        if (c.pos == src.length()) {
            return Val.sig(b.sigConst(0), dev.lockstep.patch.internal.types.Payload.FLOAT, unit());
        }
        V v = c.ternary();
        c.skip();
        if (c.pos < src.length()) {
            throw new Syntax("unexpected '" + src.charAt(c.pos) + "'", c.pos);
        }
        var p =
                switch (v.stride) {
                    case 2 -> dev.lockstep.patch.internal.types.Payload.VEC2;
                    case 3 -> dev.lockstep.patch.internal.types.Payload.VEC3;
                    case 4 -> dev.lockstep.patch.internal.types.Payload.COLOR;
                    default -> dev.lockstep.patch.internal.types.Payload.FLOAT;
                };
        return Val.sig(v.node, p, unit());
    }

    private static dev.lockstep.patch.internal.types.Unit unit() {
        return dev.lockstep.patch.internal.types.Unit.SCALAR;
    }

    private V ternary() {
        V c = logical();
        if (peek("?")) {
            int at = pos;
            pos++;
            V t = ternary();
            expect(":");
            V e = ternary();
            requireScalar(c, at);
            V[] s = same(t, e, at);
            if (s[0].stride != 1) {
                throw new Syntax("the branches of '?' must be single numbers", at);
            }
            return new V(b.sig(Opcodes.SELECT, 1, c.node, s[0].node, s[1].node), 1);
        }
        return c;
    }

    private V logical() {
        V l = compare();
        while (true) {
            int at = skipPos();
            if (src.startsWith("&&", at) || src.startsWith("||", at)) {
                Opcodes.Binary op = src.charAt(at) == '&' ? Opcodes.AND : Opcodes.OR;
                pos = at + 2;
                l = bin(op, l, compare(), at);
            } else {
                return l;
            }
        }
    }

    private V compare() {
        V l = additive();
        while (true) {
            int at = skipPos();
            Opcodes.Binary op = null;
            int len = 2;
            if (src.startsWith("<=", at)) {
                op = Opcodes.LE;
            } else if (src.startsWith(">=", at)) {
                op = Opcodes.GE;
            } else if (src.startsWith("==", at)) {
                op = Opcodes.EQ;
            } else if (src.startsWith("!=", at)) {
                op = Opcodes.NE;
            } else if (src.startsWith("<", at)) {
                op = Opcodes.LT;
                len = 1;
            } else if (src.startsWith(">", at)) {
                op = Opcodes.GT;
                len = 1;
            }
            if (op == null) {
                return l;
            }
            pos = at + len;
            l = bin(op, l, additive(), at);
        }
    }

    private V additive() {
        V l = mult();
        while (true) {
            int at = skipPos();
            if (at < src.length() && (src.charAt(at) == '+' || src.charAt(at) == '-')) {
                pos = at + 1;
                l = bin(src.charAt(at) == '+' ? Opcodes.ADD : Opcodes.SUB, l, mult(), at);
            } else {
                return l;
            }
        }
    }

    private V mult() {
        V l = unary();
        while (true) {
            int at = skipPos();
            if (at < src.length() && "*/%".indexOf(src.charAt(at)) >= 0) {
                char c = src.charAt(at);
                pos = at + 1;
                l = bin(c == '*' ? Opcodes.MUL : c == '/' ? Opcodes.DIV : Opcodes.MOD, l, unary(), at);
            } else {
                return l;
            }
        }
    }

    private V unary() {
        int at = skipPos();
        if (at < src.length()) {
            char c = src.charAt(at);
            if (c == '-' || c == '!' || (c == '+')) {
                pos = at + 1;
                V v = unary();
                if (c == '+') {
                    return v;
                }
                Opcodes.Unary op = c == '-' ? Opcodes.NEG : Opcodes.NOT;
                return new V(b.sig(op.sig(v.stride), v.stride, v.node), v.stride);
            }
        }
        return member();
    }

    private V member() {
        V v = primary();
        while (peek(".")) {
            int at = pos;
            pos++;
            String sw = ident();
            if (sw == null || sw.length() > 4) {
                throw new Syntax("expected a swizzle (x, y, z, w or r, g, b, a) after '.'", at + 1);
            }
            int[] comps = new int[sw.length()];
            for (int i = 0; i < sw.length(); i++) {
                int c = "xyzw".indexOf(sw.charAt(i));
                if (c < 0) {
                    c = "rgba".indexOf(sw.charAt(i));
                }
                if (c < 0 || c >= v.stride) {
                    throw new Syntax("'" + sw + "' is not a component of a " + v.stride + "-component value", at + 1);
                }
                comps[i] = b.sig(Opcodes.COMPONENT, 1, new double[] {c}, v.node);
            }
            v = comps.length == 1 ? new V(comps[0], 1) : new V(b.sig(Opcodes.PACK, comps.length, comps), comps.length);
        }
        return v;
    }

    private V primary() {
        int at = skipPos();
        if (at >= src.length()) {
            throw new Syntax("expected an expression, found the end", at);
        }
        char c = src.charAt(at);
        if (c >= '0' && c <= '9') {
            int e = at;
            while (e < src.length() && Character.isDigit(src.charAt(e))) {
                e++;
            }
            if (e + 1 < src.length() && src.charAt(e) == '.' && Character.isDigit(src.charAt(e + 1))) {
                e++;
                while (e < src.length() && Character.isDigit(src.charAt(e))) {
                    e++;
                }
            }
            pos = e;
            return new V(b.sigConst(Double.parseDouble(src.substring(at, e))), 1);
        }
        if (c == '(') {
            pos = at + 1;
            V v = ternary();
            expect(")");
            return v;
        }
        String id = ident();
        if (id == null) {
            throw new Syntax("expected an expression, found '" + c + "'", at);
        }
        if (peek("(")) {
            return call(id, at);
        }
        Val v = names.get(id);
        if (v == null) {
            throw new Syntax(
                    "unknown name '" + id + "' (the inputs are " + String.join(", ", names.keySet()) + ")", at);
        }
        return new V(v.node(), v.stride());
    }

    private V call(String fn, int at) {
        expect("(");
        java.util.List<V> args = new java.util.ArrayList<>();
        if (!peek(")")) {
            args.add(ternary());
            while (peek(",")) {
                pos++;
                args.add(ternary());
            }
        }
        expect(")");
        Opcodes.Unary u =
                switch (fn) {
                    case "sin" -> Opcodes.SIN;
                    case "cos" -> Opcodes.COS;
                    case "tan" -> Opcodes.TAN;
                    case "abs" -> Opcodes.ABS;
                    case "sqrt" -> Opcodes.SQRT;
                    case "floor" -> Opcodes.FLOOR;
                    case "ceil" -> Opcodes.CEIL;
                    case "round" -> Opcodes.ROUND;
                    case "wrap", "fract" -> Opcodes.WRAP01;
                    default -> null;
                };
        if (u != null) {
            arity(fn, args, 1, at);
            V x = args.get(0);
            return new V(b.sig(u.sig(x.stride), x.stride, x.node), x.stride);
        }
        switch (fn) {
            case "min", "max" -> {
                arity(fn, args, 2, at);
                return bin(fn.equals("min") ? Opcodes.MIN : Opcodes.MAX, args.get(0), args.get(1), at);
            }
            case "lerp", "mix", "clamp", "smoothstep" -> {
                arity(fn, args, 3, at);
                SigOp op =
                        fn.equals("clamp") ? Opcodes.CLAMP : fn.equals("smoothstep") ? Opcodes.SMOOTHSTEP : Opcodes.MIX;
                for (V a : args) {
                    requireScalar(a, at);
                }
                return new V(b.sig(op, 1, args.get(0).node, args.get(1).node, args.get(2).node), 1);
            }
            default -> throw new Syntax("unknown function '" + fn + "'", at);
        }
    }

    private void arity(String fn, java.util.List<V> args, int n, int at) {
        if (args.size() != n) {
            throw new Syntax(fn + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + args.size(), at);
        }
    }

    private V bin(Opcodes.Binary op, V l, V r, int at) {
        V[] s = same(l, r, at);
        return new V(b.sig(op.sig(s[0].stride), s[0].stride, s[0].node, s[1].node), s[0].stride);
    }

    /** Both operands at one stride: a single number is splatted to the other's components. */
    private V[] same(V l, V r, int at) {
        if (l.stride == r.stride) {
            return new V[] {l, r};
        }
        if (l.stride == 1) {
            return new V[] {splat(l, r.stride), r};
        }
        if (r.stride == 1) {
            return new V[] {l, splat(r, l.stride)};
        }
        throw new Syntax("cannot combine a " + l.stride + "-component and a " + r.stride + "-component value", at);
    }

    private V splat(V v, int stride) {
        int[] c = new int[stride];
        java.util.Arrays.fill(c, v.node);
        return new V(b.sig(Opcodes.PACK, stride, c), stride);
    }

    private void requireScalar(V v, int at) {
        if (v.stride != 1) {
            throw new Syntax("expected a single number, got a " + v.stride + "-component value", at);
        }
    }

    private String ident() {
        int at = skipPos();
        if (at >= src.length() || !(Character.isLetter(src.charAt(at)) || src.charAt(at) == '_')) {
            return null;
        }
        int e = at + 1;
        while (e < src.length() && (Character.isLetterOrDigit(src.charAt(e)) || src.charAt(e) == '_')) {
            e++;
        }
        pos = e;
        return src.substring(at, e);
    }

    private boolean peek(String tok) {
        int at = skipPos();
        return src.startsWith(tok, at);
    }

    private void expect(String tok) {
        int at = skipPos();
        if (!src.startsWith(tok, at)) {
            throw new Syntax(
                    "expected '" + tok + "'"
                            + (at < src.length() ? ", found '" + src.charAt(at) + "'" : ", found the end"),
                    at);
        }
        pos = at + tok.length();
    }

    private void skip() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private int skipPos() {
        skip();
        return pos;
    }
}
