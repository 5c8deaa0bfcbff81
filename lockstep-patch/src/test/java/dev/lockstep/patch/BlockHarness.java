package dev.lockstep.patch;

import dev.lockstep.patch.internal.exec.FrameData;
import dev.lockstep.patch.internal.exec.LaneRunner;
import dev.lockstep.patch.internal.exec.Runner;
import dev.lockstep.patch.internal.exec.Tracer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Builds tiny patches in Java for block tests and runs them. A patch starts with a time root
 * ("time"); {@link #probe} draws one dot whose size is a signal (size = scale, exact in an
 * orthographic frame), {@link #render} draws a field of positions. {@link #run} ticks the program
 * with a runner so that tests can write external inputs before each tick.
 */
final class BlockHarness {
    private final List<Patch.Block> blocks = new ArrayList<>();
    private final List<Patch.Edge> edges = new ArrayList<>();
    private Compatibility compatibility = Compatibility.INTENDED;

    BlockHarness() {
        block("time", "InfiniteTimeRoot", Map.of());
    }

    BlockHarness block(String id, String type, Map<String, Object> params) {
        blocks.add(new Patch.Block(id, type, params, id, "user", List.of(), List.of()));
        return this;
    }

    BlockHarness block(String id, String type) {
        return block(id, type, Map.of());
    }

    BlockHarness constant(String id, Object value) {
        return block(id, "Const", Map.of("value", value));
    }

    /** An edge "from.port" to "to.port", with sortKey = its position. */
    BlockHarness wire(String from, String to) {
        String[] f = from.split("\\.", 2);
        String[] t = to.split("\\.", 2);
        edges.add(new Patch.Edge("e" + edges.size(), f[0], f[1], t[0], t[1], true, edges.size()));
        return this;
    }

    BlockHarness oscilla() {
        compatibility = Compatibility.OSCILLA;
        return this;
    }

    /** One white dot at (0.5, 0.5) whose size is the signal {@code from} ("block.port"). */
    BlockHarness probe(String from) {
        constant("probeColor", List.of(1, 1, 1, 1));
        block("probeArray", "Array", Map.of("count", 1));
        block("probeLayout", "GridLayout");
        block("probeRender", "RenderInstances2D");
        wire("probeArray.elements", "probeLayout.elements");
        wire("probeLayout.position", "probeRender.pos");
        wire("probeColor.out", "probeRender.color");
        return wire(from, "probeRender.scale");
    }

    /** Draws the position field {@code pos} (and colour {@code color}, or white). */
    BlockHarness render(String pos, String color) {
        block("render", "RenderInstances2D");
        wire(pos, "render.pos");
        if (color == null) {
            constant("renderColor", List.of(1, 1, 1, 1));
            return wire("renderColor.out", "render.color");
        }
        return wire(color, "render.color");
    }

    Patch patch() {
        return new Patch("test", blocks, edges);
    }

    PatchProgram compile() {
        return PatchCompiler.compile(patch(), compatibility);
    }

    /** Ticks {@code n} times at {@code i · dtMs}; {@code inputs} may write channels before each tick. */
    List<RenderFrame> run(int n, double dtMs, BiConsumer<Integer, Inputs> inputs) {
        PatchProgram p = compile();
        Runner r = new Runner(p.ir, (kind, block, step, tick, detail) -> {}, LaneRunner.SEQUENTIAL, Tracer.OFF, 0);
        Inputs in = new Inputs(p.inputChannels(), r.inputs());
        List<RenderFrame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (inputs != null) {
                inputs.accept(i, in);
            }
            FrameData fd = new FrameData();
            r.tick(i * dtMs, fd);
            out.add(new RenderFrame(fd).copy());
        }
        return out;
    }

    List<RenderFrame> run(int n, double dtMs) {
        return run(n, dtMs, null);
    }

    /** The probe's value (the dot's size) on each of {@code n} ticks. */
    double[] probeValues(int n, double dtMs, BiConsumer<Integer, Inputs> inputs) {
        List<RenderFrame> frames = run(n, dtMs, inputs);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = frames.get(i).ops().get(0).size(0);
        }
        return v;
    }

    double[] probeValues(int n, double dtMs) {
        return probeValues(n, dtMs, null);
    }

    /** External input channels by name. */
    static final class Inputs {
        private final Map<String, Integer> index = new LinkedHashMap<>();
        private final double[] values;

        Inputs(List<String> channels, double[] values) {
            for (int i = 0; i < channels.size(); i++) {
                index.put(channels.get(i), i);
            }
            this.values = values;
        }

        void set(String channel, double v) {
            values[index.get(channel)] = v;
        }
    }
}
