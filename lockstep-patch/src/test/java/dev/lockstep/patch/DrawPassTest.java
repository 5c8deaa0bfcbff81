package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Render assembly's passes: consecutive sinks drawing the same geometry share one, depth-ordered. */
class DrawPassTest {
    /** Two grids (a: 4 lanes at z = 0, b: 3 lanes at z = zB) drawn by two sinks with the given shapes. */
    private static RenderFrame twoSinks(String shapeA, String shapeB, double zB) {
        BlockHarness h = new BlockHarness()
                .block("dot", "Ellipse")
                .block("box", "Rect")
                .block("a", "Array", Map.of("count", 4))
                .block("b", "Array", Map.of("count", 3))
                .block("la", "GridLayout")
                .block("lb", "GridLayout")
                .wire("a.elements", "la.elements")
                .wire("b.elements", "lb.elements")
                .constant("zb", zB)
                .block("setz", "SetZ")
                .wire("lb.position", "setz.pos")
                .wire("zb.out", "setz.z")
                .constant("red", List.of(1, 0, 0, 1))
                .constant("blue", List.of(0, 0, 1, 1))
                .block("ra", "RenderInstances2D")
                .block("rb", "RenderInstances2D")
                .wire("la.position", "ra.pos")
                .wire("red.out", "ra.color")
                .wire(shapeA + ".shape", "ra.shape")
                .wire("setz.out", "rb.pos")
                .wire("blue.out", "rb.color")
                .wire(shapeB + ".shape", "rb.shape");
        return h.run(1, 16).get(0);
    }

    @Test
    void sinksDrawingTheSameGeometryShareOnePassOrderedFarToNear() {
        RenderFrame f = twoSinks("dot", "dot", -50); // orthographic depth (z + 100) / 200: a 0.5, b 0.25
        assertThat(f.ops()).hasSize(1);
        DrawOp d = f.ops().get(0);
        assertThat(d.count()).isEqualTo(7);
        assertThat(d.sinkBlockId()).isEqualTo("ra,rb");
        for (int i = 1; i < d.count(); i++) {
            assertThat(d.depth(i)).isLessThanOrEqualTo(d.depth(i - 1)); // far to near
        }
        // a's instances are at depth 0.5, b's at 0.25: a (farther in depth order) comes first
        assertThat(d.color(0, 0)).isEqualTo(255);
        assertThat(d.color(6, 2)).isEqualTo(255);
    }

    @Test
    void equalDepthsKeepSinkOrderThenLaneOrder() {
        DrawOp d = twoSinks("dot", "dot", 0).ops().get(0);
        assertThat(d.count()).isEqualTo(7);
        for (int i = 0; i < 4; i++) {
            assertThat(d.color(i, 0)).as("lane %d from ra", i).isEqualTo(255);
        }
        for (int i = 4; i < 7; i++) {
            assertThat(d.color(i, 2)).as("lane %d from rb", i).isEqualTo(255);
        }
    }

    @Test
    void sinksDrawingDifferentGeometryArePassesOfTheirOwn() {
        RenderFrame f = twoSinks("dot", "box", 0);
        assertThat(f.ops()).hasSize(2);
        assertThat(f.ops().get(0).topologyId()).isEqualTo(0);
        assertThat(f.ops().get(0).count()).isEqualTo(4);
        assertThat(f.ops().get(1).topologyId()).isEqualTo(1);
        assertThat(f.ops().get(1).count()).isEqualTo(3);
    }
}
