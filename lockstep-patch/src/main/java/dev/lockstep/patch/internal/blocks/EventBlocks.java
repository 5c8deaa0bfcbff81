package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.exec.EventKernels;
import dev.lockstep.patch.internal.ir.EventOps;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.List;

/**
 * Events and the blocks that turn them into continuous values: WrapEvent, EventToSignalMask,
 * SampleHold, Accumulator. Occurrences carry (key, value) pairs in writer edge order. Semantics in
 * docs/patch-blocks.md, "Events".
 */
final class EventBlocks {
    private EventBlocks() {}

    private static final PortType SIG = PortType.signal(Payload.FLOAT);

    static void register(List<BlockDef> out) {
        out.add(BlockDef.of(
                        "WrapEvent",
                        "event",
                        "An event (value 1) in the tick a signal reaches 0.5 from below (a phase wrapping past its"
                                + " middle, a gate opening).")
                .stateful()
                .required("signal", SIG, "the signal watched")
                .out("event", PortType.event(), "fires on the upward crossing")
                .lower(ctx -> {
                    var b = ctx.b();
                    int cur = ctx.in("signal").node();
                    int prev = b.stateRead(ctx.blockId(), "previous", 1, -1, new double[] {Double.NaN});
                    b.stateWrite(prev, cur);
                    int key = b.eventKey(ctx.blockId());
                    ctx.out("event", Val.event(b.event(EventKernels.WRAP, new double[] {key}, cur, prev)));
                }));
        out.add(BlockDef.of("EventToSignalMask", "event", "1 in a tick the event fired, else 0.")
                .required("event", PortType.event(), "the event")
                .out("out", SIG, "the mask")
                .lower(ctx -> ctx.out(
                        "out",
                        Val.sig(
                                ctx.b()
                                        .sigFromEvents(
                                                EventKernels.MASK,
                                                1,
                                                new double[0],
                                                ctx.in("event").node()),
                                Payload.FLOAT,
                                Unit.SCALAR))));
        out.add(BlockDef.of(
                        "SampleHold",
                        "stateful",
                        "Holds `value` as it is when the trigger fires (or, with value open, the last occurrence's"
                                + " payload).")
                .stateful()
                .optional("value", SIG, "the value sampled (open: the event's own value)")
                .required("trigger", PortType.event(), "when to sample")
                .param("initialValue", ParamDef.Kind.NUMBER, 0.0, "output before the first trigger")
                .out("out", SIG, "the held value")
                .lower(ctx -> {
                    var b = ctx.b();
                    int prev =
                            b.stateRead(ctx.blockId(), "held", 1, -1, new double[] {ctx.paramNumber("initialValue")});
                    Val v = ctx.in("value");
                    int trig = ctx.in("trigger").node();
                    int y = v == null
                            ? b.sigFromEvents(EventKernels.SAMPLE_PAYLOAD, 1, new double[0], prev, trig)
                            : b.sigFromEvents(EventKernels.SAMPLE_HOLD, 1, new double[0], prev, v.node(), trig);
                    b.stateWrite(prev, y);
                    ctx.out("out", Val.sig(y, Payload.FLOAT, Unit.SCALAR));
                }));
        out.add(BlockDef.of(
                        "Accumulator",
                        "stateful",
                        "A running sum: v = reset ? 0 : v_prev + delta + (sum of the tick's event values).")
                .stateful()
                .in("delta", SIG, 0.0, "added every tick")
                .in("reset", SIG, 0.0, "non-zero: the sum restarts at 0 this tick")
                .optional("events", PortType.event(), "each occurrence adds its value")
                .param("initialValue", ParamDef.Kind.NUMBER, 0.0, "sum before the first tick")
                .out("value", SIG, "the sum (this tick's)")
                .lower(ctx -> {
                    var b = ctx.b();
                    int prev = b.stateRead(ctx.blockId(), "sum", 1, -1, new double[] {ctx.paramNumber("initialValue")});
                    Val ev = ctx.in("events");
                    int events = ev == null ? b.event(EventOps.NONE, new double[0]) : ev.node();
                    int y = b.sigFromEvents(
                            EventKernels.ACCUMULATE,
                            1,
                            new double[0],
                            prev,
                            ctx.in("delta").node(),
                            ctx.in("reset").node(),
                            events);
                    b.stateWrite(prev, y);
                    ctx.out("value", Val.sig(y, Payload.FLOAT, Unit.SCALAR));
                }));
    }
}
