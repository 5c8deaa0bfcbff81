package dev.lockstep.patch.internal.compile;

import dev.lockstep.patch.internal.ir.IrBuilder;
import dev.lockstep.patch.internal.ir.Node;
import dev.lockstep.patch.internal.ir.RenderSink;
import dev.lockstep.patch.internal.ir.ShapeDesc;
import dev.lockstep.patch.internal.ir.Sources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pass 5 and 6: the schedule and the slot layout.
 *
 * <p>Live nodes are those a render sink, the camera or a state write needs (dead expressions get no
 * slot and no step). Live nodes that do not vary form the {@code stable} list, computed once per
 * program revision; the varying ones form {@code tick}, in phase order: sources (time, inputs, state
 * reads) first, then computes that do not depend on an event, then events and what depends on them.
 * Within a phase, node id order, which is a topological order because a node's arguments are always
 * made before it. Sinks run after {@code tick}, state writes last.
 *
 * <p>Slots are dense per kind: signals get offsets into one double bank (stride-aware), fields an
 * index into the field bank (one float32 buffer each, lanes x stride), events an index into the event
 * buffers.
 */
public final class Schedule {
    public final List<Node> stable = new ArrayList<>();
    public final List<Node> tick = new ArrayList<>();
    public final int[] sigOffset;
    public final int[] fieldIndex;
    public final int[] eventIndex;
    public final int sigSize;
    public final int fieldCount;
    public final int eventCount;
    /** Per node: its phase (0 source, 1 compute, 2 event-dependent); -1 if dead. */
    public final int[] phase;

    Schedule(IrBuilder b) {
        int n = b.nodes().size();
        boolean[] live = new boolean[n];
        List<Integer> roots = new ArrayList<>();
        for (RenderSink s : b.sinks()) {
            roots.add(s.posNode());
            roots.add(s.colorNode());
            addShape(roots, s.shape());
            if (s.scaleNode() >= 0) {
                roots.add(s.scaleNode());
            }
            if (s.rotationNode() >= 0) {
                roots.add(s.rotationNode());
            }
            if (s.sizeNode() >= 0) {
                roots.add(s.sizeNode());
            }
        }
        if (b.camera() != null) {
            var c = b.camera();
            roots.addAll(List.of(
                    c.projectionNode(),
                    c.centerXNode(),
                    c.centerYNode(),
                    c.distanceNode(),
                    c.tiltNode(),
                    c.yawNode(),
                    c.fovNode(),
                    c.nearNode(),
                    c.farNode()));
        }
        for (int w : b.stateWrites()) {
            if (w >= 0) {
                roots.add(w);
            }
        }
        for (int i = 0; i < b.stateSlots().size(); i++) {
            if (b.stateWrites().get(i) >= 0) {
                // the read side of a written state is live whenever the write is (it is the state)
                for (Node x : b.nodes()) {
                    if ((x.op == Sources.STATE_READ || x.op == Sources.FIELD_STATE_READ) && (int) x.k[0] == i) {
                        roots.add(x.id);
                    }
                }
            }
        }
        for (int r : roots) {
            mark(b, r, live);
        }
        phase = new int[n];
        Arrays.fill(phase, -1);
        sigOffset = new int[n];
        fieldIndex = new int[n];
        eventIndex = new int[n];
        Arrays.fill(sigOffset, -1);
        Arrays.fill(fieldIndex, -1);
        Arrays.fill(eventIndex, -1);
        int sig = 0;
        int fld = 0;
        int evt = 0;
        for (Node x : b.nodes()) {
            if (!live[x.id]) {
                continue;
            }
            switch (x.kind) {
                case SIGNAL -> {
                    sigOffset[x.id] = sig;
                    sig += x.stride;
                }
                case FIELD -> fieldIndex[x.id] = fld++;
                case EVENT -> eventIndex[x.id] = evt++;
            }
            int p;
            if (x.op.source() && x.args.length == 0) {
                p = 0; // a source (time, input, state read, time event)
            } else {
                p = x.kind == Node.Kind.EVENT ? 2 : 1;
                for (int a : x.args) {
                    p = Math.max(p, phase[a] == 2 ? 2 : p);
                }
            }
            phase[x.id] = p;
            if (x.varying) {
                tick.add(x);
            } else {
                stable.add(x);
            }
        }
        tick.sort((a, c) ->
                phase[a.id] != phase[c.id] ? Integer.compare(phase[a.id], phase[c.id]) : Integer.compare(a.id, c.id));
        sigSize = sig;
        fieldCount = fld;
        eventCount = evt;
    }

    private static void addShape(List<Integer> roots, ShapeDesc s) {
        if (s == null) {
            return;
        }
        for (int p : s.paramNodes()) {
            roots.add(p);
        }
        if (s.pointsNode() >= 0) {
            roots.add(s.pointsNode());
        }
    }

    private static void mark(IrBuilder b, int root, boolean[] live) {
        if (root < 0) {
            return;
        }
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            int x = stack.pop();
            if (live[x]) {
                continue;
            }
            live[x] = true;
            for (int a : b.node(x).args) {
                stack.push(a);
            }
        }
    }
}
