package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.compile.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups a tick schedule's field steps into {@link Steps.Segment}s. Within each schedule phase the
 * steps are first stably partitioned, every non-field step (signals, events, state reads) before
 * every field step: legal because no signal or event reads a field (signal and event ops take only
 * signal and event arguments, see {@code IrBuilder.sig}), so moving them earlier breaks no
 * dependency, and both groups keep their relative (topological) order. Then each maximal run of
 * lane-local field steps over the same instance becomes one segment. A step that is not lane-local
 * (a path's tangent reads its neighbours) ends a run and runs alone.
 */
final class Segments {
    private Segments() {}

    static Steps.Step[] group(List<Steps.Step> steps, Schedule schedule) {
        List<Steps.Step> ordered = new ArrayList<>(steps.size());
        int i = 0;
        while (i < steps.size()) {
            int phase = phaseOf(steps.get(i), schedule);
            int j = i;
            while (j < steps.size() && phaseOf(steps.get(j), schedule) == phase) {
                j++;
            }
            List<Steps.Step> fields = new ArrayList<>();
            for (int k = i; k < j; k++) {
                Steps.Step st = steps.get(k);
                if (st instanceof Steps.Field) {
                    fields.add(st);
                } else {
                    ordered.add(st);
                }
            }
            ordered.addAll(fields);
            i = j;
        }
        List<Steps.Step> out = new ArrayList<>();
        List<Steps.Field> run = new ArrayList<>();
        for (Steps.Step st : ordered) {
            if (st instanceof Steps.Field f
                    && f.chunkable()
                    && (run.isEmpty() || run.get(0).call.instance.id() == f.call.instance.id())) {
                run.add(f);
                continue;
            }
            flush(run, out);
            if (st instanceof Steps.Field f && f.chunkable()) {
                run.add(f);
            } else {
                out.add(st);
            }
        }
        flush(run, out);
        return out.toArray(new Steps.Step[0]);
    }

    private static int phaseOf(Steps.Step st, Schedule schedule) {
        return st.node == null ? 0 : schedule.phase[st.node.id];
    }

    private static void flush(List<Steps.Field> run, List<Steps.Step> out) {
        if (!run.isEmpty()) {
            out.add(new Steps.Segment(run.toArray(new Steps.Field[0])));
            run.clear();
        }
    }
}
