package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.Instance;
import dev.lockstep.patch.internal.ir.StateSlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries state from one program revision's runner to the next across a hot swap. State is matched
 * by {@link StateSlot#stateId()} ("blockId:kind"), never by slot index: a slot with the same id and
 * stride is copied; a changed stride (or a scalar that became a field, or back) is reset to its
 * initial value with a diagnostic; a field slot is remapped lane by lane through the instances'
 * stable element ids ({@link Instance#elementId}): an old id found again keeps its value, a new id
 * gets {@link StateSlot#initial()}, an old id not found is dropped. Slots only in the old revision
 * are discarded; slots only in the new one start at their initial value.
 *
 * <p>Threading: runs on the ticking thread between two ticks (the old runner is idle, the new one not
 * yet ticked), so neither side's arrays are written concurrently. Allocates (maps, the report): a
 * swap is not a hot path.
 */
public final class Migrator {
    private Migrator() {}

    /** What happened to one state id. {@code action} is copy, remap, reset, new or discard. */
    public record Entry(String stateId, String action, String diagnostic) {}

    /** One revision's state: its slots, instances and the arrays that hold the values. */
    public record Side(
            List<StateSlot> slots, List<Instance> instances, double[] scalar, int[] scalarOffset, float[][] field) {
        static Side of(Runner r) {
            return new Side(
                    r.program.ir().stateSlots(),
                    r.program.ir().instances(),
                    r.scalarState,
                    r.scalarStateOffset,
                    r.fieldState);
        }
    }

    /** Migrates {@code from}'s state into {@code to} (which holds initial values); see the class comment. */
    public static List<Entry> migrate(Runner from, Runner to) {
        return migrate(Side.of(from), Side.of(to));
    }

    public static List<Entry> migrate(Side from, Side to) {
        Map<String, StateSlot> old = new LinkedHashMap<>();
        for (StateSlot s : from.slots()) {
            old.put(s.stateId(), s);
        }
        List<Entry> report = new ArrayList<>();
        for (StateSlot n : to.slots()) {
            StateSlot o = old.remove(n.stateId());
            if (o == null) {
                report.add(new Entry(n.stateId(), "new", "not in the previous revision: initial value"));
            } else if (o.stride() != n.stride() || o.field() != n.field()) {
                report.add(new Entry(
                        n.stateId(),
                        "reset",
                        "shape changed (" + shape(o) + " -> " + shape(n) + "): reset to the initial value"));
            } else if (!n.field()) {
                System.arraycopy(
                        from.scalar(),
                        from.scalarOffset()[o.index()],
                        to.scalar(),
                        to.scalarOffset()[n.index()],
                        n.stride());
                report.add(new Entry(n.stateId(), "copy", ""));
            } else {
                report.add(remap(from, o, to, n));
            }
        }
        for (StateSlot o : from.slots()) {
            if (old.containsKey(o.stateId())) {
                report.add(new Entry(o.stateId(), "discard", "not in the new revision: dropped"));
            }
        }
        return report;
    }

    private static Entry remap(Side from, StateSlot o, Side to, StateSlot n) {
        Instance oi = from.instances().get(o.instance());
        Instance ni = to.instances().get(n.instance());
        float[] src = from.field()[o.index()];
        float[] dst = to.field()[n.index()];
        int stride = n.stride();
        boolean same = oi.count() == ni.count();
        for (int lane = 0; same && lane < ni.count(); lane++) {
            same = oi.elementId(lane) == ni.elementId(lane);
        }
        if (same) {
            System.arraycopy(src, 0, dst, 0, dst.length);
            return new Entry(n.stateId(), "copy", "");
        }
        Map<Long, Integer> oldLane = new LinkedHashMap<>();
        for (int lane = 0; lane < oi.count(); lane++) {
            oldLane.put(oi.elementId(lane), lane);
        }
        int kept = 0;
        for (int lane = 0; lane < ni.count(); lane++) {
            Integer ol = oldLane.get(ni.elementId(lane));
            if (ol != null) {
                System.arraycopy(src, ol * stride, dst, lane * stride, stride);
                kept++;
            } else {
                for (int c = 0; c < stride; c++) {
                    dst[lane * stride + c] = (float) n.initial()[c];
                }
            }
        }
        return new Entry(
                n.stateId(),
                "remap",
                "lanes " + oi.count() + " -> " + ni.count() + ": " + kept + " kept by element id, "
                        + (ni.count() - kept) + " new, " + (oi.count() - kept) + " dropped");
    }

    private static String shape(StateSlot s) {
        return (s.field() ? "field" : "signal") + " stride " + s.stride();
    }
}
