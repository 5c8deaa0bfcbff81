package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.SigOp;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Layer 1 of the execution: pure scalar math with no domain meaning (add, mul, sin, clamp, lerp,
 * ...). Each opcode exists as a function on doubles and, per stride, as a componentwise {@link SigOp}
 * over the signal bank. Signals are float64 throughout (as Oscilla's Float64Array slots); fields round
 * to float32 only when a field kernel stores.
 *
 * <p>Modulo follows JavaScript's {@code %} (C fmod: the result keeps the dividend's sign), which is
 * what {@code %} does in Java too. Division by zero is not special-cased here: the step that runs a
 * division checks for it and reports a runtime error (see {@code RuntimeErrors}).
 */
public final class Opcodes {
    private Opcodes() {}

    public static final int MAX_STRIDE = 4;

    /** A componentwise binary opcode, one {@link SigOp} per stride. */
    public static final class Binary {
        public final String name;
        public final DoubleBinaryOperator f;
        private final SigOp[] byStride = new SigOp[MAX_STRIDE + 1];

        public Binary(String name, DoubleBinaryOperator f) {
            this.name = name;
            this.f = f;
            for (int s = 1; s <= MAX_STRIDE; s++) {
                final int stride = s;
                byStride[s] = new SigOp() {
                    @Override
                    public void eval(double[] v, int out, int[] in, double[] k) {
                        int a = in[0];
                        int b = in[1];
                        for (int c = 0; c < stride; c++) {
                            v[out + c] = f.applyAsDouble(v[a + c], v[b + c]);
                        }
                    }

                    @Override
                    public String name() {
                        return name;
                    }
                };
            }
        }

        public SigOp sig(int stride) {
            return byStride[stride];
        }
    }

    /** A componentwise unary opcode, one {@link SigOp} per stride. */
    public static final class Unary {
        public final String name;
        public final DoubleUnaryOperator f;
        private final SigOp[] byStride = new SigOp[MAX_STRIDE + 1];

        Unary(String name, DoubleUnaryOperator f) {
            this.name = name;
            this.f = f;
            for (int s = 1; s <= MAX_STRIDE; s++) {
                final int stride = s;
                byStride[s] = new SigOp() {
                    @Override
                    public void eval(double[] v, int out, int[] in, double[] k) {
                        int a = in[0];
                        for (int c = 0; c < stride; c++) {
                            v[out + c] = f.applyAsDouble(v[a + c]);
                        }
                    }

                    @Override
                    public String name() {
                        return name;
                    }
                };
            }
        }

        public SigOp sig(int stride) {
            return byStride[stride];
        }
    }

    public static double fract(double x) {
        return x - Math.floor(x);
    }

    public static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    public static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    /** JavaScript's Math.round: half rounds up (towards +infinity). */
    public static double jsRound(double x) {
        return Math.floor(x + 0.5);
    }

    public static final Binary ADD = new Binary("add", (a, b) -> a + b);
    public static final Binary SUB = new Binary("sub", (a, b) -> a - b);
    public static final Binary MUL = new Binary("mul", (a, b) -> a * b);
    public static final Binary DIV = new Binary("div", (a, b) -> a / b);
    public static final Binary MOD = new Binary("mod", (a, b) -> a % b);
    /** Modulo that is never negative for a positive divisor (wraps like a phase). */
    public static final Binary WRAP_MOD = new Binary("wrapMod", (a, b) -> ((a % b) + b) % b);

    public static final Binary MIN = new Binary("min", Math::min);
    public static final Binary MAX = new Binary("max", Math::max);
    public static final Binary POW = new Binary("pow", StrictMath::pow);
    public static final Binary ATAN2 = new Binary("atan2", StrictMath::atan2);

    /** Comparisons and logic: 1 for true, 0 for false (a non-zero operand is true). */
    public static final Binary LT = new Binary("lt", (a, b) -> a < b ? 1 : 0);

    public static final Binary GT = new Binary("gt", (a, b) -> a > b ? 1 : 0);
    public static final Binary LE = new Binary("le", (a, b) -> a <= b ? 1 : 0);
    public static final Binary GE = new Binary("ge", (a, b) -> a >= b ? 1 : 0);
    public static final Binary EQ = new Binary("eq", (a, b) -> a == b ? 1 : 0);
    public static final Binary NE = new Binary("ne", (a, b) -> a != b ? 1 : 0);
    public static final Binary AND = new Binary("and", (a, b) -> a != 0 && b != 0 ? 1 : 0);
    public static final Binary OR = new Binary("or", (a, b) -> a != 0 || b != 0 ? 1 : 0);
    public static final Unary NOT = new Unary("not", a -> a == 0 ? 1 : 0);
    /** wrap(x) = ((x % 1) + 1) % 1: a phase in [0, 1) (Oscilla's wrap01 and the expression's fract). */
    public static final Unary WRAP01 = new Unary("wrap01", a -> ((a % 1) + 1) % 1);

    public static final Unary NEG = new Unary("neg", a -> -a);
    public static final Unary ABS = new Unary("abs", Math::abs);
    public static final Unary FLOOR = new Unary("floor", Math::floor);
    public static final Unary CEIL = new Unary("ceil", Math::ceil);
    public static final Unary ROUND = new Unary("round", Opcodes::jsRound);
    public static final Unary FRACT = new Unary("fract", Opcodes::fract);
    public static final Unary SQRT = new Unary("sqrt", Math::sqrt);
    public static final Unary SIN = new Unary("sin", Math::sin);
    public static final Unary COS = new Unary("cos", Math::cos);
    public static final Unary TAN = new Unary("tan", Math::tan);
    public static final Unary EXP = new Unary("exp", StrictMath::exp);
    public static final Unary LOG = new Unary("log", StrictMath::log);
    public static final Unary SIGN = new Unary("sign", Math::signum);

    /** clamp(x, lo, hi), stride 1: three arguments. */
    public static final SigOp CLAMP = ternary("clamp", (a, b, c) -> clamp(a, b, c));

    /** lerp(a, b, t), stride 1. */
    public static final SigOp LERP = ternary("lerp", Opcodes::lerp);

    /** select(cond, ifTrue, ifFalse), stride 1: cond is true when non-zero. */
    public static final SigOp SELECT = ternary("select", (cond, yes, no) -> cond != 0 ? yes : no);

    /** Packs stride-1 signals into one vector signal (vec2, vec3, color). */
    public static final SigOp PACK = new SigOp() {
        @Override
        public void eval(double[] s, int out, int[] in, double[] k) {
            for (int c = 0; c < in.length; c++) {
                s[out + c] = s[in[c]];
            }
        }

        @Override
        public String name() {
            return "pack";
        }
    };

    /** Component {@code k[0]} of a vector signal. */
    public static final SigOp COMPONENT = new SigOp() {
        @Override
        public void eval(double[] s, int out, int[] in, double[] k) {
            s[out] = s[in[0] + (int) k[0]];
        }

        @Override
        public String name() {
            return "component";
        }
    };

    /** Multiplies by the constant {@code k[0]} (unit adapters: phase to radians, ms to s, ...). */
    public static final SigOp SCALE = new SigOp() {
        @Override
        public void eval(double[] s, int out, int[] in, double[] k) {
            s[out] = s[in[0]] * k[0];
        }

        @Override
        public String name() {
            return "scale";
        }
    };

    /** mix(a, b, t) = a·(1 − t) + b·t, stride 1 (the expression language's lerp/mix). */
    public static final SigOp MIX = ternary("mix", (a, b, t) -> a * (1 - t) + b * t);

    /** smoothstep(e0, e1, x), stride 1: Hermite 0..1 between the edges; a step at e0 when e0 == e1. */
    public static final SigOp SMOOTHSTEP = ternary("smoothstep", Opcodes::smoothstep);

    /** A scalar function of three arguments. */
    @FunctionalInterface
    interface Ternary {
        double apply(double a, double b, double c);
    }

    /** A stride-1 {@link SigOp} applying {@code f} to its three arguments. */
    private static SigOp ternary(String name, Ternary f) {
        return new SigOp() {
            @Override
            public void eval(double[] s, int out, int[] in, double[] k) {
                s[out] = f.apply(s[in[0]], s[in[1]], s[in[2]]);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    public static double smoothstep(double e0, double e1, double x) {
        if (e0 == e1) {
            return x < e0 ? 0 : 1;
        }
        double t = clamp((x - e0) / (e1 - e0), 0, 1);
        return t * t * (3 - 2 * t);
    }
}
