package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.LaneKernels;
import dev.lockstep.patch.internal.exec.Opcodes;
import dev.lockstep.patch.internal.exec.SignalKernels;
import dev.lockstep.patch.internal.ir.Sources;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Oscillators, expressions, stateful signal blocks and external inputs. Semantics in
 * docs/patch-blocks.md.
 */
final class SignalBlocks {
    private SignalBlocks() {}

    private static final PortType SIG = PortType.signal(Payload.FLOAT);

    /** The channels an ExternalInput may read; each is 0 until the host writes it. */
    static final String[] CHANNELS = {
        "mouse.x",
        "mouse.y",
        "mouse.over",
        "mouse.button.left.held",
        "mouse.button.left.down",
        "mouse.button.left.up",
        "mouse.button.right.held",
        "mouse.button.right.down",
        "mouse.button.right.up",
        "mouse.wheel.dx",
        "mouse.wheel.dy"
    };

    static void register(List<BlockDef> out) {
        out.add(BlockDef.of(
                        "ExternalInput",
                        "input",
                        "A host input channel as a signal (mouse position, buttons, wheel); 0 until written.")
                .param("channel", ParamDef.Kind.STRING, "mouse.x", "the channel", CHANNELS)
                .out("value", SIG, "the channel's value this tick")
                .lower(ctx -> ctx.out(
                        "value",
                        Val.sig(ctx.b().external(ctx.paramString("channel"), 1), Payload.FLOAT, Unit.SCALAR))));
        out.add(BlockDef.of("Expression", "math", "A formula over in0 and in1 (see the expression language).")
                .in("in0", PortType.signal(null), 0.0, "the name in0")
                .in("in1", PortType.signal(null), 0.0, "the name in1")
                .optional(
                        "refs", PortType.any(null), "Oscilla's named references (not supported: wiring it is an error)")
                .param("expression", ParamDef.Kind.STRING, "", "the formula, e.g. in0 * 360.0")
                .out("out", PortType.signal(null), "its value")
                .lower(ctx -> {
                    if (ctx.in("refs") != null) {
                        throw ctx.error("refs", "named references are not supported; wire in0 and in1");
                    }
                    Map<String, Val> names = new LinkedHashMap<>();
                    names.put("in0", ctx.in("in0"));
                    names.put("in1", ctx.in("in1"));
                    String src = ctx.paramString("expression");
                    try {
                        ctx.out("out", ExprCompiler.compile(src == null ? "" : src, ctx.b(), names));
                    } catch (ExprCompiler.Syntax e) {
                        throw ctx.error("expression", "'" + src + "': " + e.getMessage());
                    }
                }));
        out.add(BlockDef.of(
                        "Oscillator",
                        "signal",
                        "A periodic wave of a phase: sin(2π p), saw 2 frac(p) − 1, square sign(p − 0.5), noise,"
                                + " triangle; p = phase + offset.")
                .in("phase", PortType.signal(Payload.FLOAT, Unit.PHASE01), DefaultSource.time("phaseA"), false, "phase")
                .constIn("mode", PortType.signal(Payload.INT), 0.0, "0 sin, 1 saw, 2 square, 3 noise, 4 triangle")
                .param(
                        "waveform",
                        ParamDef.Kind.STRING,
                        null,
                        "the wave by name (used when mode is absent)",
                        "oscSin",
                        "oscSaw",
                        "oscSquare",
                        "noise",
                        "oscTriangle",
                        "sin",
                        "saw",
                        "square",
                        "triangle")
                .param("offset", ParamDef.Kind.NUMBER, 0.0, "phase offset in cycles")
                .out("out", SIG, "the wave, in [-1, 1]")
                .lower(ctx -> {
                    int mode = mode(ctx);
                    var b = ctx.b();
                    int p = ctx.in("phase").node();
                    double off = ctx.paramNumber("offset");
                    if (off != 0 && !Double.isNaN(off)) {
                        p = b.sig(Opcodes.ADD.sig(1), 1, p, b.sigConst(off));
                    }
                    ctx.out("out", Val.sig(b.sig(SignalKernels.oscillator(mode), 1, p), Payload.FLOAT, Unit.SCALAR));
                }));
        out.add(BlockDef.of("Noise", "math", "Oscilla's integer hash of x, in [0, 1): hash(x, 0).")
                .in("x", SIG, 0.0, "input")
                .out("out", SIG, "hash value")
                .lower(ctx -> ctx.out(
                        "out",
                        Val.sig(
                                ctx.b()
                                        .sig(
                                                SignalKernels.HASH.sig(1),
                                                1,
                                                ctx.in("x").node(),
                                                ctx.b().sigConst(0)),
                                Payload.FLOAT,
                                Unit.SCALAR))));
        out.add(BlockDef.of("Hash", "math", "Oscilla's integer hash of (value, seed), in [0, 1).")
                .in("value", SIG, 0.0, "input")
                .in("seed", SIG, 0.0, "seed")
                .out("out", SIG, "hash value")
                .lower(ctx -> Generic.binary(ctx, SignalKernels.HASH, "value", "seed", "out")));
        out.add(BlockDef.of(
                        "Lag",
                        "stateful",
                        "One-pole smoothing per tick: y = y_prev·(1 − s) + target·s; per lane on a field.")
                .stateful()
                .required("target", PortType.any(null), "value to follow")
                .param("smoothing", ParamDef.Kind.NUMBER, 0.5, "s in [0, 1]: 1 follows at once")
                .param("initialValue", ParamDef.Kind.NUMBER, 0.0, "y before the first tick")
                .out("out", PortType.any(null), "smoothed value (this tick's)")
                .lower(SignalBlocks::lag));
        out.add(BlockDef.of("Phasor", "stateful", "A phase ramp: p = wrap01(p_prev + frequency · dt / 1000).")
                .stateful()
                .in("frequency", SIG, 1.0, "cycles per second")
                .param("initialPhase", ParamDef.Kind.NUMBER, 0.0, "phase before the first tick")
                .out("phase", PortType.signal(Payload.FLOAT, Unit.PHASE01), "phase in [0, 1)")
                .lower(ctx -> {
                    var b = ctx.b();
                    int prev =
                            b.stateRead(ctx.blockId(), "phase", 1, -1, new double[] {ctx.paramNumber("initialPhase")});
                    int p = b.sig(
                            SignalKernels.PHASOR, 1, prev, ctx.in("frequency").node(), b.time(Sources.TIME_DT));
                    b.stateWrite(prev, p);
                    ctx.out("phase", Val.sig(p, Payload.FLOAT, Unit.PHASE01));
                }));
        out.add(BlockDef.of("UnitDelay", "stateful", "The input's value one tick earlier (initialValue first).")
                .delaying()
                .in("in", SIG, 0.0, "value to delay")
                .param("initialValue", ParamDef.Kind.NUMBER, 0.0, "output on the first tick")
                .out("out", SIG, "the previous tick's input")
                .lower(ctx -> {
                    var b = ctx.b();
                    int prev =
                            b.stateRead(ctx.blockId(), "delay", 1, -1, new double[] {ctx.paramNumber("initialValue")});
                    ctx.out("out", Val.sig(prev, Payload.FLOAT, Unit.SCALAR));
                    ctx.later(() -> {
                        Val in = ctx.in("in");
                        if (in.stride() != 1) {
                            throw ctx.error(
                                    "in",
                                    "delays a single number, got a "
                                            + in.payload().label());
                        }
                        b.stateWrite(prev, in.node());
                    });
                }));
    }

    private static int mode(LowerContext ctx) {
        Object m = ctx.param("mode");
        if (!(m instanceof Number) && ctx.paramString("waveform") == null) {
            m = ctx.constant("mode");
        }
        if (m instanceof Number n) {
            int k = n.intValue();
            if (k < 0 || k > 4 || k != n.doubleValue()) {
                throw ctx.error("mode", "is 0 (sin), 1 (saw), 2 (square), 3 (noise) or 4 (triangle), got " + m);
            }
            return k;
        }
        String w = ctx.paramString("waveform");
        if (w == null) {
            return 0;
        }
        return switch (w) {
            case "oscSaw", "saw" -> 1;
            case "oscSquare", "square" -> 2;
            case "noise" -> 3;
            case "oscTriangle", "triangle" -> 4;
            default -> 0;
        };
    }

    private static void lag(LowerContext ctx) {
        var b = ctx.b();
        Val t = ctx.in("target");
        double s = ctx.paramNumber("smoothing");
        if (!(s >= 0 && s <= 1)) {
            throw ctx.error("smoothing", "must be a number in [0, 1], got " + ctx.param("smoothing"));
        }
        double[] init = new double[t.stride()];
        java.util.Arrays.fill(init, ctx.paramNumber("initialValue"));
        int inst = ctx.instance();
        if (inst < 0) {
            int prev = b.stateRead(ctx.blockId(), "lag", t.stride(), -1, init);
            int y = b.sig(SignalKernels.LAG, t.stride(), new double[] {s, t.stride()}, prev, t.node());
            b.stateWrite(prev, y);
            ctx.out("out", new Val(t.extent(), t.payload(), t.unit(), y, -1, null, null));
            return;
        }
        // per lane: the state is a field over the instance, migrated by element id across a swap
        int prev = b.stateRead(ctx.blockId(), "lag", t.stride(), inst, init);
        int y = b.field(LaneKernels.LAG, inst, t.stride(), new double[] {s}, prev, t.node());
        b.stateWrite(prev, y);
        ctx.out("out", Val.field(y, t.payload(), t.unit(), inst));
    }
}
