package dev.lockstep.patch;

import dev.lockstep.patch.internal.compile.Schedule;
import dev.lockstep.patch.internal.exec.Runner;
import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.ir.Node;
import dev.lockstep.patch.internal.ir.RenderSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Builds {@link Attribution}s from a program's IR: the node of a block output is the last node whose
 * origins name "blockId.port" (lowering may make helper nodes under the same origin first; the
 * output is made last); adapters and combines are the ":adapter(...)" and ":combine(...)" origins
 * on the node and its arguments, up to the nodes another block's output stands for; consumers are
 * the render sinks whose inputs reach the node through arguments. Not on a hot path.
 */
final class Attributions {
    private Attributions() {}

    static Attribution of(PatchProgram program, Runner runner, String blockId, String port) {
        IrBuilder ir = program.ir.ir();
        Schedule sc = program.ir.schedule();
        String key = blockId + "." + port;
        Node node = null;
        for (Node n : ir.nodes()) {
            if (n.origins.contains(key)) {
                node = n;
            }
        }
        if (node == null) {
            throw new PatchException(
                    "no value for output '" + port + "' of block " + blockId + " in " + program.source()
                            + " (unknown block or port, or the output is never used)",
                    blockId,
                    port);
        }
        int step = -1;
        for (int i = 0; i < runner.tickStepCount(); i++) {
            if (runner.tickStepNode(i) == node) {
                step = i;
            }
        }
        String slot = sc.sigOffset[node.id] >= 0
                ? "s[" + sc.sigOffset[node.id] + "]"
                : sc.fieldIndex[node.id] >= 0
                        ? "f[" + sc.fieldIndex[node.id] + "]"
                        : sc.eventIndex[node.id] >= 0 ? "e[" + sc.eventIndex[node.id] + "]" : "none (dead)";
        String producer = Steps0.blockOf(node.origins.get(0));
        return new Attribution(
                blockId,
                port,
                node.id,
                node.kind.name().toLowerCase(java.util.Locale.ROOT),
                producer,
                node.origins,
                step,
                slot,
                via(ir, node, key),
                consumers(ir, node));
    }

    private static List<String> via(IrBuilder ir, Node node, String key) {
        List<String> out = new ArrayList<>();
        BitSet seen = new BitSet();
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(node);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (seen.get(n.id)) {
                continue;
            }
            seen.set(n.id);
            boolean otherOutput = n != node && isPlainOutput(n.origins.get(0)) && !n.origins.contains(key);
            for (String o : n.origins) {
                if ((o.contains(":adapter(") || o.contains(":combine(")) && !out.contains(o)) {
                    out.add(o);
                }
            }
            if (otherOutput) {
                continue; // another block's output: its own attribution says how it was made
            }
            for (int a : n.args) {
                todo.push(ir.node(a));
            }
        }
        return out;
    }

    private static boolean isPlainOutput(String origin) {
        return origin.indexOf(':') < 0 && origin.indexOf('.') > 0;
    }

    private static List<String> consumers(IrBuilder ir, Node target) {
        List<String> out = new ArrayList<>();
        for (RenderSink s : ir.sinks()) {
            List<Integer> roots = new ArrayList<>(List.of(s.posNode(), s.colorNode(), s.scaleNode()));
            roots.add(s.rotationNode());
            roots.add(s.sizeNode());
            if (s.shape() != null) {
                for (int p : s.shape().paramNodes()) {
                    roots.add(p);
                }
                roots.add(s.shape().pointsNode());
            }
            if (reaches(ir, roots, target.id) && !out.contains(s.blockId())) {
                out.add(s.blockId());
            }
        }
        return out;
    }

    private static boolean reaches(IrBuilder ir, List<Integer> roots, int target) {
        BitSet seen = new BitSet();
        Deque<Integer> todo = new ArrayDeque<>();
        for (int r : roots) {
            if (r >= 0) {
                todo.push(r);
            }
        }
        while (!todo.isEmpty()) {
            int n = todo.pop();
            if (n == target) {
                return true;
            }
            if (seen.get(n)) {
                continue;
            }
            seen.set(n);
            for (int a : ir.node(n).args) {
                todo.push(a);
            }
        }
        return false;
    }

    /** The block id part of an origin ("b3.out:adapter(...)" -> "b3"). */
    private static final class Steps0 {
        static String blockOf(String o) {
            int dot = o.indexOf('.');
            int colon = o.indexOf(':');
            int end = dot < 0 ? colon : (colon < 0 ? dot : Math.min(dot, colon));
            return end < 0 ? o : o.substring(0, end);
        }
    }
}
