package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Block-level errors name the block and port; and the camera's Oscilla slot aliasing (conformance only). */
class BlockErrorsTest {
    @Test
    void anEdgeIntoAnUnknownPortNamesBlockAndPort() {
        BlockHarness h = new BlockHarness()
                .constant("c", 1)
                .block("add", "Add")
                .wire("c.out", "add.c")
                .probe("add.out");
        assertThatThrownBy(h::compile).isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.blockId()).isEqualTo("add");
            assertThat(e.port()).isEqualTo("c");
            assertThat(e.getMessage()).contains("add", "'c'");
        });
    }

    @Test
    void aParameterOfTheWrongTypeNamesBlockAndParameter() {
        BlockHarness h = new BlockHarness()
                .block("lag", "Lag", Map.of("smoothing", "fast"))
                .constant("c", 1)
                .wire("c.out", "lag.target")
                .probe("lag.out");
        assertThatThrownBy(h::compile).isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.blockId()).isEqualTo("lag");
            assertThat(e.port()).isEqualTo("smoothing");
        });
    }

    @Test
    void aPathPointCountMustBeKnownAtCompileTime() {
        BlockHarness h = new BlockHarness()
                .block("star", "ProceduralStar")
                .wire("time.tMs", "star.points")
                .block("pf", "PathField")
                .wire("star.controlPoints", "pf.controlPoints")
                .render("pf.position", null);
        assertThatThrownBy(h::compile).isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.blockId()).isEqualTo("star");
            assertThat(e.port()).isEqualTo("points");
        });
    }

    /** One dot at (0.5, 0.5, 0) under a default perspective camera (target (centerX, centerY, 0)). */
    private static BlockHarness cameraPatch() {
        return new BlockHarness()
                .block("b1", "Camera")
                .block("arr", "Array", Map.of("count", 1))
                .constant("zero", 0)
                .block("lay", "CircleLayout")
                .wire("zero.out", "lay.radius")
                .wire("arr.elements", "lay.elements")
                .render("lay.position", null);
    }

    @Test
    void cameraSlotAliasingOnlyInOscillaMode() {
        DrawOp intended = cameraPatch().run(1, 16).get(0).ops().get(0);
        // the camera looks at (0.5, 0.5, 0): the dot is at the centre of the screen
        assertThat(intended.x(0)).isCloseTo(0.5f, within(1e-6f));
        assertThat(intended.y(0)).isCloseTo(0.5f, within(1e-6f));
        DrawOp oscilla = cameraPatch().oscilla().run(1, 16).get(0).ops().get(0);
        // centerY's default 0.5 equals centerX's, whose derived id _ds_b1_centerX sorts first: it reads 0,
        // so the camera looks at (0.5, 0, 0) and the dot sits above the centre
        assertThat(oscilla.x(0)).isCloseTo(0.5f, within(1e-6f));
        assertThat(oscilla.y(0)).isGreaterThan(0.6f);
    }
}
