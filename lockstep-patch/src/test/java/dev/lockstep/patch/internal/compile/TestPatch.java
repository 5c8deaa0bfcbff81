package dev.lockstep.patch.internal.compile;

import dev.lockstep.patch.Patch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small patches in code for the compiler tests: blocks with params, edges by "b.port". */
final class TestPatch {
    private final List<Patch.Block> blocks = new ArrayList<>();
    private final List<Patch.Edge> edges = new ArrayList<>();

    static TestPatch withTimeRoot() {
        return new TestPatch().block("time", "InfiniteTimeRoot");
    }

    TestPatch block(String id, String type, Object... params) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put((String) params[i], params[i + 1]);
        }
        blocks.add(new Patch.Block(id, type, p, null, "user", List.of(), List.of()));
        return this;
    }

    TestPatch edge(String from, String to) {
        String[] f = from.split("\\.");
        String[] t = to.split("\\.");
        edges.add(new Patch.Edge("e" + edges.size(), f[0], f[1], t[0], t[1], true, edges.size()));
        return this;
    }

    TestPatch disabledEdge(String from, String to) {
        String[] f = from.split("\\.");
        String[] t = to.split("\\.");
        edges.add(new Patch.Edge("e" + edges.size(), f[0], f[1], t[0], t[1], false, edges.size()));
        return this;
    }

    /** Adds Array(count) + RenderInstances2D drawing {@code pos} and {@code color}. */
    TestPatch spiralSink(String pos, String color) {
        block("render", "RenderInstances2D");
        edge(pos, "render.pos");
        edge(color, "render.color");
        return this;
    }

    Patch build() {
        return new Patch("test", blocks, edges);
    }
}
