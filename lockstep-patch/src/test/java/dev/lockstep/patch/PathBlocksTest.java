package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** ProceduralStar, ProceduralPolygon and PathField, drawn through their control points. */
class PathBlocksTest {
    private static DrawOp draw(BlockHarness h, String pos) {
        return h.render(pos, null).run(1, 16).get(0).ops().get(0);
    }

    @Test
    void starControlPointsAlternateOuterAndInnerFromMinusY() {
        BlockHarness h = new BlockHarness()
                .block("star", "ProceduralStar")
                .block("pf", "PathField")
                .wire("star.controlPoints", "pf.controlPoints");
        DrawOp d = draw(h, "pf.position");
        assertThat(d.count()).isEqualTo(10);
        assertThat(d.x(0)).isCloseTo(0f, within(1e-7f));
        assertThat(d.y(0)).isEqualTo(-0.15f);
        double a = 0.1 * 2 * Math.PI - Math.PI / 2;
        assertThat(d.x(1)).isEqualTo((float) (0.06 * Math.cos(a)));
        assertThat(d.y(1)).isEqualTo((float) (0.06 * Math.sin(a)));
    }

    @Test
    void starPointsIsACompileTimeParameter() {
        BlockHarness h = new BlockHarness()
                .block("star", "ProceduralStar", Map.of("points", 7))
                .block("pf", "PathField")
                .wire("star.controlPoints", "pf.controlPoints");
        assertThat(draw(h, "pf.position").count()).isEqualTo(14);
    }

    @Test
    void polygonVerticesOnAnEllipse() {
        BlockHarness h = new BlockHarness()
                .block("poly", "ProceduralPolygon", Map.of("sides", 4))
                .constant("rx", 0.1)
                .constant("ry", 0.2)
                .wire("rx.out", "poly.radiusX")
                .wire("ry.out", "poly.radiusY")
                .block("pf", "PathField")
                .wire("poly.controlPoints", "pf.controlPoints");
        DrawOp d = draw(h, "pf.position");
        assertThat(d.count()).isEqualTo(4);
        float[][] want = {{0, -0.2f}, {0.1f, 0}, {0, 0.2f}, {-0.1f, 0}};
        for (int i = 0; i < 4; i++) {
            assertThat(d.x(i)).as("x" + i).isCloseTo(want[i][0], within(1e-7f));
            assertThat(d.y(i)).as("y" + i).isCloseTo(want[i][1], within(1e-7f));
        }
    }

    @Test
    void pathFieldTangentIsTheClosedCentralDifference() {
        BlockHarness h = new BlockHarness()
                .block("poly", "ProceduralPolygon", Map.of("sides", 4))
                .constant("rx", 0.1)
                .constant("ry", 0.2)
                .wire("rx.out", "poly.radiusX")
                .wire("ry.out", "poly.radiusY")
                .block("pf", "PathField")
                .wire("poly.controlPoints", "pf.controlPoints");
        DrawOp d = draw(h, "pf.tangent");
        // vertex 0 (0, -0.2): (P1 − P3) / 2 = (0.1, 0); vertex 1: (P2 − P0) / 2 = (0, 0.2)
        assertThat(d.x(0)).isCloseTo(0.1f, within(1e-7f));
        assertThat(d.y(0)).isCloseTo(0f, within(1e-7f));
        assertThat(d.x(1)).isCloseTo(0f, within(1e-7f));
        assertThat(d.y(1)).isCloseTo(0.2f, within(1e-7f));
    }

    @Test
    void pathFieldArcLengthIsTheOpenPolylineLength() {
        BlockHarness h = new BlockHarness()
                .block("poly", "ProceduralPolygon", Map.of("sides", 4))
                .constant("r", 0.1)
                .wire("r.out", "poly.radiusX")
                .wire("r.out", "poly.radiusY")
                .block("pf", "PathField")
                .wire("poly.controlPoints", "pf.controlPoints")
                .block("z", "SetZ")
                .wire("pf.position", "z.pos")
                .wire("pf.arcLength", "z.z")
                .constant("zero", 0)
                .block("flat", "Multiply")
                .wire("pf.arcLength", "flat.a")
                .wire("zero.out", "flat.b")
                .block("polar", "FieldPolarToCartesian")
                .wire("flat.out", "polar.angle")
                .wire("pf.arcLength", "polar.radius")
                .wire("zero.out", "polar.centerX")
                .wire("zero.out", "polar.centerY");
        DrawOp d = draw(h, "polar.pos");
        double side = 0.1 * Math.sqrt(2);
        assertThat(d.x(0)).isEqualTo(0f);
        assertThat(d.x(1)).isCloseTo((float) side, within(1e-7f));
        assertThat(d.x(3)).isCloseTo((float) (3 * side), within(1e-6f)); // no closing segment
    }

    @Test
    void aStarShapeDrawsWithItsPathTopology() {
        BlockHarness h = new BlockHarness()
                .block("star", "ProceduralStar")
                .block("arr", "Array", Map.of("count", 2))
                .block("lay", "GridLayout")
                .wire("arr.elements", "lay.elements")
                .block("render", "RenderInstances2D")
                .wire("lay.position", "render.pos")
                .constant("white", java.util.List.of(1, 1, 1, 1))
                .wire("white.out", "render.color")
                .wire("star.shape", "render.shape");
        DrawOp d = h.run(1, 16).get(0).ops().get(0);
        assertThat(d.topologyId()).isEqualTo(3);
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.kind()).isEqualTo("drawPathInstances");
        assertThat(d.closed()).isTrue();
        float[] cp = d.controlPoints();
        assertThat(cp).hasSize(20); // 5 points: 10 control points, x y each
        // control point 0 is the outer radius straight down (-y): angle -π/2
        assertThat(cp[0]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(cp[1]).isCloseTo(-0.15f, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
