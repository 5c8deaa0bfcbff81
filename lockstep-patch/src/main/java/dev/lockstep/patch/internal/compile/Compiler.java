package dev.lockstep.patch.internal.compile;

import dev.lockstep.patch.Patch;
import dev.lockstep.patch.internal.blocks.CompileOptions;
import dev.lockstep.patch.internal.ir.IrBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The compiler's driver: normalize, order and check cycles, type check and lower, schedule and lay
 * out slots. Each pass is its own class; this one only runs them in order. Thread-safe: every call
 * works on its own objects, so a hot swap compiles on a background thread while the old revision
 * runs.
 */
public final class Compiler {
    private static final AtomicLong REVISIONS = new AtomicLong();

    private Compiler() {}

    public static ProgramIr compile(Patch patch, CompileOptions options) {
        Graph g = Normalize.run(patch, options);
        List<Graph.GBlock> order = Cycles.order(g);
        IrBuilder b = new IrBuilder();
        new Lowering(g, b, options).run(order);
        Schedule s = new Schedule(b);
        List<String> ids = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (Graph.GBlock gb : order) {
            ids.add(gb.id);
            types.put(gb.id, gb.type);
        }
        List<String> diagnostics = new ArrayList<>();
        if (b.sinks().isEmpty()) {
            diagnostics.add("the patch has no RenderInstances2D block: its frames are empty");
        }
        return new ProgramIr(REVISIONS.incrementAndGet(), patch.source(), b, s, options, ids, types, diagnostics);
    }
}
