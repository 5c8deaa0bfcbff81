package dev.lockstep.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-instant inputs and outputs of a run ({@link Machine#run(List)}, {@link Machine#run()}, {@link Machine#record},
 * {@link Machine#replay}). Two runs of one program over the same inputs give equal timelines.
 */
public record Timeline<I, O>(List<InstantRecord<I, O>> instants) {
    public Timeline {
        instants = Collections.unmodifiableList(new ArrayList<>(instants));
    }

    /** The number of instants run. */
    public int size() {
        return instants.size();
    }

    /** The outputs, one per instant, null where the output signal was absent. */
    public List<O> outputs() {
        List<O> out = new ArrayList<>(instants.size());
        for (InstantRecord<I, O> r : instants) {
            out.add(r.output());
        }
        return Collections.unmodifiableList(out);
    }

    /** The inputs, one per instant, null where there was none. */
    public List<I> inputs() {
        List<I> in = new ArrayList<>(instants.size());
        for (InstantRecord<I, O> r : instants) {
            in.add(r.input());
        }
        return Collections.unmodifiableList(in);
    }
}
