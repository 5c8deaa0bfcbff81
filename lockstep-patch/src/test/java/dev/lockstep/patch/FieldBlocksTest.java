package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Field blocks added with the block library: Pulse, CircleLayout, LineLayout and their UV variants,
 * ApplyOpacity, HsvToRgb of a signal hue, and Lag per lane. A scalar field is drawn as x of a polar
 * position around (0, 0) at angle 0, so x is the field's float32 value exactly.
 */
class FieldBlocksTest {
    /** Draws the scalar field {@code from} over the instance of Array "arr" as x positions. */
    private static BlockHarness drawScalar(BlockHarness h, String from) {
        return h.constant("zero", 0)
                .block("angle", "Multiply")
                .wire("arr.t", "angle.a")
                .wire("zero.out", "angle.b")
                .block("polar", "FieldPolarToCartesian")
                .wire("angle.out", "polar.angle")
                .wire(from, "polar.radius")
                .wire("zero.out", "polar.centerX")
                .wire("zero.out", "polar.centerY")
                .render("polar.pos", null);
    }

    private static BlockHarness array(int n) {
        return new BlockHarness().block("arr", "Array", Map.of("count", n));
    }

    private static float[] xs(RenderFrame f) {
        DrawOp d = f.ops().get(0);
        float[] x = new float[d.count()];
        for (int i = 0; i < x.length; i++) {
            x[i] = d.x(i);
        }
        return x;
    }

    @Test
    void pulseIsBasePlusAmplitudeSineOfPhasePlusSpreadId() {
        BlockHarness h = array(3).constant("ph", 0.0)
                .constant("spread", 0.25)
                .block("p", "Pulse")
                .wire("arr.t", "p.id01")
                .wire("ph.out", "p.phase")
                .wire("spread.out", "p.spread");
        float[] x = xs(drawScalar(h, "p.value").run(1, 16).get(0));
        // t = 0, 0.5, 1: 0.5 + sin(2π · t · 0.25)
        assertThat(x).containsExactly(0.5f, (float) (0.5 + Math.sin(Math.PI / 4)), 1.5f);
    }

    @Test
    void pulseOfSignalsIsASignal() {
        BlockHarness h = new BlockHarness()
                .constant("id", 0.25)
                .constant("ph", 0.0)
                .block("p", "Pulse")
                .wire("id.out", "p.id01")
                .wire("ph.out", "p.phase")
                .probe("p.value");
        assertThat(h.probeValues(1, 16)[0]).isEqualTo(1.5); // 0.5 + sin(π/2)
    }

    private static DrawOp layout(String type, int n) {
        BlockHarness h = array(n).block("lay", type).wire("arr.elements", "lay.elements");
        return h.render("lay.position", null).run(1, 16).get(0).ops().get(0);
    }

    @Test
    void circleLayoutPutsElementsOnACircleByNormalizedIndex() {
        DrawOp d = layout("CircleLayout", 4);
        assertThat(d.x(0)).isEqualTo(0.8f);
        assertThat(d.y(0)).isEqualTo(0.5f);
        assertThat(d.x(1)).isCloseTo(0.35f, within(1e-6f)); // t = 1/3: angle 2π/3
        assertThat(d.y(1)).isCloseTo((float) (0.5 + 0.3 * Math.sqrt(3) / 2), within(1e-6f));
        assertThat(d.x(3)).isCloseTo(0.8f, within(1e-6f)); // t = 1: a full turn
    }

    @Test
    void circleLayoutUvUsesHaltonPoints() {
        DrawOp d = layout("CircleLayoutUV", 2); // u = 0, 0.5
        assertThat(d.x(0)).isEqualTo(0.8f);
        assertThat(d.x(1)).isCloseTo(0.2f, within(1e-6f));
        assertThat(d.y(1)).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void lineLayoutInterpolatesTheSegment() {
        DrawOp d = layout("LineLayout", 3);
        assertThat(new float[] {d.x(0), d.x(1), d.x(2)}).containsExactly(0.1f, 0.5f, 0.9f);
        assertThat(new float[] {d.y(0), d.y(1), d.y(2)}).containsExactly(0.5f, 0.5f, 0.5f);
    }

    @Test
    void lineLayoutUvInterpolatesByHaltonPoint() {
        DrawOp d = layout("LineLayoutUV", 3); // u = 0, 0.5, 0.25 on (0.2, 0.2)-(0.8, 0.8)
        assertThat(new float[] {d.x(0), d.x(1), d.x(2)}).containsExactly(0.2f, 0.5f, 0.35f);
        assertThat(d.y(2)).isEqualTo(0.35f);
    }

    @Test
    void applyOpacitySetsAlphaToEightBits() {
        BlockHarness h = array(1).block("lay", "GridLayout")
                .wire("arr.elements", "lay.elements")
                .block("hsv", "HsvToRgb")
                .wire("arr.t", "hsv.hue")
                .constant("half", 0.5)
                .block("op", "ApplyOpacity")
                .wire("hsv.color", "op.color")
                .wire("half.out", "op.opacity")
                .render("lay.position", "op.color");
        DrawOp d = h.run(1, 16).get(0).ops().get(0);
        // t = 0.5 (one element): hue 0.5 is cyan; alpha round(0.5 · 255) = 128
        assertThat(new int[] {d.color(0, 0), d.color(0, 1), d.color(0, 2), d.color(0, 3)})
                .containsExactly(0, 255, 255, 128);
    }

    @Test
    void hsvToRgbOfASignalHueColoursEveryElement() {
        BlockHarness h = array(3).block("lay", "GridLayout")
                .wire("arr.elements", "lay.elements")
                .constant("hue", 1.0 / 3)
                .block("hsv", "HsvToRgb")
                .wire("hue.out", "hsv.hue")
                .render("lay.position", "hsv.color");
        DrawOp d = h.run(1, 16).get(0).ops().get(0);
        for (int i = 0; i < 3; i++) {
            assertThat(new int[] {d.color(i, 0), d.color(i, 1), d.color(i, 2), d.color(i, 3)})
                    .containsExactly(0, 255, 0, 255);
        }
    }

    @Test
    void lagOnAFieldSmoothsEachLane() {
        BlockHarness h = array(2).constant("two", 2)
                .block("target", "Multiply")
                .wire("arr.t", "target.a")
                .wire("two.out", "target.b")
                .block("lag", "Lag", Map.of("smoothing", 0.5))
                .wire("target.out", "lag.target");
        List<RenderFrame> frames = drawScalar(h, "lag.out").run(3, 16);
        assertThat(xs(frames.get(0))).containsExactly(0f, 1f);
        assertThat(xs(frames.get(1))).containsExactly(0f, 1.5f);
        assertThat(xs(frames.get(2))).containsExactly(0f, 1.75f);
    }
}
