package dev.lockstep.patch.internal.blocks;

import dev.lockstep.patch.internal.ir.Sources;
import dev.lockstep.patch.internal.types.Payload;
import dev.lockstep.patch.internal.types.PortType;
import dev.lockstep.patch.internal.types.Unit;
import java.util.List;

/** The time root. Semantics in docs/patch.md, "Time". */
final class TimeBlocks {
    private TimeBlocks() {}

    static void register(List<BlockDef> out) {
        out.add(BlockDef.of(
                        "InfiniteTimeRoot",
                        "time",
                        "The patch's clock: monotonic time, tick delta, two phases, events.")
                .timeRoot()
                .constIn("periodAMs", PortType.signal(Payload.FLOAT, Unit.MS), 4000.0, "period of phaseA in ms")
                .constIn("periodBMs", PortType.signal(Payload.FLOAT, Unit.MS), 8000.0, "period of phaseB in ms")
                .out("tMs", PortType.signal(Payload.FLOAT, Unit.MS), "monotonic model time in ms")
                .out("dt", PortType.signal(Payload.FLOAT, Unit.MS), "ms since the previous tick (0 on the first)")
                .out("phaseA", PortType.signal(Payload.FLOAT, Unit.PHASE01), "tMs / periodA, wrapped to [0, 1)")
                .out("phaseB", PortType.signal(Payload.FLOAT, Unit.PHASE01), "tMs / periodB, wrapped to [0, 1)")
                .out("pulse", PortType.event(), "an event every tick (value 1)")
                .out("wrapA", PortType.event(), "an event on the tick phaseA wraps (value: cycles completed)")
                .out("wrapB", PortType.event(), "an event on the tick phaseB wraps")
                .out("palette", PortType.signal(Payload.COLOR), "HSV(phaseA, 1, 0.5) as a colour")
                .out("energy", PortType.signal(Payload.FLOAT, Unit.NORM01), "0.5 + 0.5 sin(2π phaseA)")
                .lower(ctx -> {
                    var b = ctx.b();
                    double a = ctx.constant("periodAMs");
                    double p = ctx.constant("periodBMs");
                    if (!(a > 0) || !(p > 0)) {
                        throw ctx.error(a > 0 ? "periodBMs" : "periodAMs", "a period must be a positive number of ms");
                    }
                    b.periodAMs = a;
                    b.periodBMs = p;
                    ctx.out("tMs", Val.sig(b.time(Sources.TIME_MS), Payload.FLOAT, Unit.MS));
                    ctx.out("dt", Val.sig(b.time(Sources.TIME_DT), Payload.FLOAT, Unit.MS));
                    ctx.out("phaseA", Val.sig(b.time(Sources.TIME_PHASE_A), Payload.FLOAT, Unit.PHASE01));
                    ctx.out("phaseB", Val.sig(b.time(Sources.TIME_PHASE_B), Payload.FLOAT, Unit.PHASE01));
                    ctx.out("energy", Val.sig(b.time(Sources.TIME_ENERGY), Payload.FLOAT, Unit.NORM01));
                    ctx.out("palette", Val.sig(paletteNode(b), Payload.COLOR, Unit.ANY));
                    ctx.out("wrapA", Val.event(b.timeEvent(0)));
                    ctx.out("wrapB", Val.event(b.timeEvent(1)));
                    ctx.out("pulse", Val.event(b.timeEvent(2)));
                }));
    }

    private static int paletteNode(dev.lockstep.patch.internal.ir.IrBuilder b) {
        // palette is a stride-4 time source
        return b.timeVector(Sources.TIME_PALETTE, 4);
    }
}
