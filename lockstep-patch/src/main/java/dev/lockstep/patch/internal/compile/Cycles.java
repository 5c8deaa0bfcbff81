package dev.lockstep.patch.internal.compile;

import dev.lockstep.patch.PatchException;
import dev.lockstep.patch.internal.blocks.BlockLibrary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pass 2: the block dependency graph, its cycle check and the lowering order.
 *
 * <p>An edge into a delaying block (UnitDelay) is not a dependency: the block's output is last
 * tick's input. Every other cycle must pass through a stateful block, or it is an error naming the
 * blocks of the cycle in order. For a stateful block on a cycle, each in-cycle writer is routed
 * through a derived UnitDelay ({@code _fb_<block>_<port>}), so the block reads that input one tick
 * late and the graph becomes acyclic. The order is Kahn's algorithm with ties broken by file order,
 * so it is the same on every run.
 */
final class Cycles {
    private Cycles() {}

    static List<Graph.GBlock> order(Graph g) {
        List<List<String>> sccs = sccs(g);
        for (List<String> scc : sccs) {
            if (!cyclic(g, scc)) {
                continue;
            }
            Set<String> members = new LinkedHashSet<>(scc);
            List<Graph.GBlock> stateful = new ArrayList<>();
            for (String id : scc) {
                if (g.block(id).def.stateful) {
                    stateful.add(g.block(id));
                }
            }
            if (stateful.isEmpty()) {
                List<String> path = cyclePath(g, members);
                throw new PatchException(
                        "cycle without a stateful block: " + String.join(" -> ", path)
                                + "; put a UnitDelay (or another stateful block) in the loop",
                        path.get(0),
                        null);
            }
            for (Graph.GBlock s : stateful) {
                for (Map.Entry<String, List<Graph.GEdge>> e : s.writers.entrySet()) {
                    List<Graph.GEdge> rewired = new ArrayList<>();
                    for (Graph.GEdge w : e.getValue()) {
                        if (!members.contains(w.fromBlock())) {
                            rewired.add(w);
                            continue;
                        }
                        String id = "_fb_" + s.id + "_" + e.getKey();
                        Graph.GBlock delay = new Graph.GBlock(
                                id, "UnitDelay", BlockLibrary.get("UnitDelay"), new LinkedHashMap<>(), true, s.order);
                        delay.writers.put(
                                "in",
                                new ArrayList<>(List.of(new Graph.GEdge(
                                        w.id(), w.fromBlock(), w.fromPort(), id, "in", w.sortKey(), w.fileOrder()))));
                        g.blocks.put(id, delay);
                        rewired.add(new Graph.GEdge(
                                w.id() + "_fb", id, "out", s.id, e.getKey(), w.sortKey(), w.fileOrder()));
                    }
                    e.setValue(rewired);
                }
            }
        }
        return kahn(g);
    }

    private static boolean dependsThrough(Graph.GBlock to) {
        return !to.def.delaying; // an edge into a delaying block is read next tick: not a dependency
    }

    private static Map<String, List<String>> successors(Graph g) {
        Map<String, List<String>> succ = new LinkedHashMap<>();
        for (Graph.GBlock b : g.list()) {
            succ.put(b.id, new ArrayList<>());
        }
        for (Graph.GBlock b : g.list()) {
            if (!dependsThrough(b)) {
                continue;
            }
            for (List<Graph.GEdge> ws : b.writers.values()) {
                for (Graph.GEdge w : ws) {
                    succ.get(w.fromBlock()).add(b.id);
                }
            }
        }
        return succ;
    }

    private static boolean cyclic(Graph g, List<String> scc) {
        if (scc.size() > 1) {
            return true;
        }
        Graph.GBlock b = g.block(scc.get(0));
        if (!dependsThrough(b)) {
            return false;
        }
        for (List<Graph.GEdge> ws : b.writers.values()) {
            for (Graph.GEdge w : ws) {
                if (w.fromBlock().equals(b.id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Tarjan's strongly connected components, iteratively, in a deterministic order. */
    private static List<List<String>> sccs(Graph g) {
        Map<String, List<String>> succ = successors(g);
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Integer> low = new LinkedHashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new LinkedHashSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String start : succ.keySet()) {
            if (index.containsKey(start)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {start, 0});
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            while (!work.isEmpty()) {
                Object[] top = work.peek();
                String v = (String) top[0];
                int i = (Integer) top[1];
                List<String> next = succ.get(v);
                if (i < next.size()) {
                    top[1] = i + 1;
                    String w = next.get(i);
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, 0});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> comp = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        comp.add(w);
                    } while (!w.equals(v));
                    comp.sort((a, b) -> Integer.compare(g.block(a).order, g.block(b).order));
                    out.add(comp);
                }
            }
        }
        return out;
    }

    /** One cycle through the members, as block ids from the first member back to it. */
    private static List<String> cyclePath(Graph g, Set<String> members) {
        Map<String, List<String>> succ = successors(g);
        String start = members.iterator().next();
        Map<String, String> prev = new LinkedHashMap<>();
        Deque<String> q = new ArrayDeque<>();
        q.add(start);
        while (!q.isEmpty()) {
            String v = q.poll();
            for (String w : succ.get(v)) {
                if (!members.contains(w)) {
                    continue;
                }
                if (w.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String x = v; x != null; x = prev.get(x)) {
                        path.add(0, x);
                    }
                    path.add(start);
                    return path;
                }
                if (!prev.containsKey(w) && !w.equals(start)) {
                    prev.put(w, v);
                    q.add(w);
                }
            }
        }
        return new ArrayList<>(members);
    }

    private static List<Graph.GBlock> kahn(Graph g) {
        Map<String, List<String>> succ = successors(g);
        Map<String, Integer> indeg = new LinkedHashMap<>();
        for (String id : succ.keySet()) {
            indeg.put(id, 0);
        }
        for (List<String> ws : succ.values()) {
            for (String w : ws) {
                indeg.merge(w, 1, Integer::sum);
            }
        }
        java.util.PriorityQueue<Graph.GBlock> ready = new java.util.PriorityQueue<>((a, b) ->
                Integer.compare(a.order, b.order) != 0 ? Integer.compare(a.order, b.order) : a.id.compareTo(b.id));
        for (Map.Entry<String, Integer> e : indeg.entrySet()) {
            if (e.getValue() == 0) {
                ready.add(g.block(e.getKey()));
            }
        }
        List<Graph.GBlock> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            Graph.GBlock b = ready.poll();
            out.add(b);
            for (String w : succ.get(b.id)) {
                if (indeg.merge(w, -1, Integer::sum) == 0) {
                    ready.add(g.block(w));
                }
            }
        }
        if (out.size() != g.blocks.size()) {
            throw new IllegalStateException("cycle left after feedback rewiring"); // Cycles.order's invariant
        }
        return out;
    }
}
