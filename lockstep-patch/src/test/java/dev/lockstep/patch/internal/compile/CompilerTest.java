package dev.lockstep.patch.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.patch.Patch;
import dev.lockstep.patch.PatchException;
import dev.lockstep.patch.internal.blocks.CompileOptions;
import dev.lockstep.patch.internal.ir.Node;
import dev.lockstep.patch.internal.ir.Sources;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiler passes: normalize, cycles, type check, hash-consing, schedule and slots. */
class CompilerTest {
    /** A spiral: Array(100).t -> GoldenAngle, RadiusSqrt -> polar; HueFromPhase -> HsvToRgb. */
    static TestPatch spiral() {
        return TestPatch.withTimeRoot()
                .block("arr", "Array", "count", 100.0)
                .block("ga", "GoldenAngle")
                .block("rad", "RadiusSqrt")
                .block("polar", "FieldPolarToCartesian")
                .block("hue", "HueFromPhase")
                .block("rgb", "HsvToRgb")
                .edge("arr.t", "ga.id01")
                .edge("arr.t", "rad.id01")
                .edge("ga.angle", "polar.angle")
                .edge("rad.out", "polar.radius")
                .edge("arr.t", "hue.id01")
                .edge("hue.hue", "rgb.hue")
                .spiralSink("polar.pos", "rgb.color");
    }

    private static ProgramIr compile(Patch p) {
        return Compiler.compile(p, CompileOptions.DEFAULT);
    }

    private static Node nodeOf(ProgramIr p, String origin) {
        for (Node n : p.ir().nodes()) {
            if (n.origins.contains(origin)) {
                return n;
            }
        }
        throw new AssertionError("no node for " + origin);
    }

    @Test
    void expressionsOfConstantsAndParametersAreStableAndTimeDependentOnesTick() {
        ProgramIr p = compile(spiral().build());
        Node angle = nodeOf(p, "ga.angle");
        Node radius = nodeOf(p, "rad.out");
        Node pos = nodeOf(p, "polar.pos");
        Node hue = nodeOf(p, "hue.hue");
        assertThat(p.schedule().stable).contains(angle, radius, pos);
        assertThat(p.schedule().tick).contains(hue).doesNotContain(angle, radius, pos);
    }

    @Test
    void identicalExpressionsAreHashConsedIntoOneNode() {
        Patch twice =
                spiral().block("ga2", "GoldenAngle").edge("arr.t", "ga2.id01").build();
        ProgramIr p = compile(twice);
        assertThat(nodeOf(p, "ga2.angle")).isSameAs(nodeOf(p, "ga.angle"));
        assertThat(nodeOf(p, "ga.angle").origins).containsExactly("ga", "ga.angle", "ga2", "ga2.angle");
    }

    @Test
    void deadExpressionsGetNoSlotAndNoStep() {
        Patch p = spiral().block("unused", "GoldenAngle", "turns", 3.0)
                .edge("arr.t", "unused.id01")
                .build();
        ProgramIr ir = compile(p);
        Node dead = nodeOf(ir, "unused.angle");
        assertThat(ir.schedule().fieldIndex[dead.id]).isEqualTo(-1);
        assertThat(ir.schedule().stable).doesNotContain(dead);
    }

    @Test
    void theTickScheduleRunsSourcesBeforeComputesBeforeEvents() {
        ProgramIr p = compile(spiral().build());
        int lastPhase = 0;
        for (Node n : p.schedule().tick) {
            int phase = p.schedule().phase[n.id];
            assertThat(phase).isGreaterThanOrEqualTo(lastPhase);
            lastPhase = phase;
            for (int a : n.args) {
                assertThat(p.ir().nodes().indexOf(p.ir().node(a)))
                        .isLessThan(p.ir().nodes().indexOf(n));
            }
        }
        assertThat(p.schedule().tick.get(0).op).isEqualTo(Sources.TIME);
    }

    @Test
    void slotsAreDenseAndStrideAware() {
        ProgramIr p = compile(spiral().build());
        int signals = 0;
        int fields = 0;
        for (Node n : p.ir().nodes()) {
            if (p.schedule().sigOffset[n.id] >= 0) {
                signals += n.stride;
            }
            if (p.schedule().fieldIndex[n.id] >= 0) {
                fields++;
            }
        }
        assertThat(p.schedule().sigSize).isEqualTo(signals);
        assertThat(p.schedule().fieldCount).isEqualTo(fields);
    }

    @Test
    void anUnknownBlockTypeIsAnErrorNamingTheBlockAndSuggestingTheType() {
        Patch p = spiral().block("x", "GoldenAngel").build();
        assertThatThrownBy(() -> compile(p))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("block x")
                .hasMessageContaining("unknown block type 'GoldenAngel'")
                .hasMessageContaining("did you mean GoldenAngle?");
    }

    @Test
    void anEdgeToAPortThatDoesNotExistIsAnErrorNamingBlockAndPort() {
        Patch p = spiral().edge("arr.t", "ga.idx").build();
        assertThatThrownBy(() -> compile(p))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("block ga (GoldenAngle) has no input 'idx'")
                .satisfies(e -> assertThat(((PatchException) e).port()).isEqualTo("idx"));
        Patch q = spiral().edge("arr.idx", "ga.turns").build();
        assertThatThrownBy(() -> compile(q)).hasMessageContaining("block arr (Array) has no output 'idx'");
    }

    @Test
    void anUnknownParameterOrAValueOfTheWrongTypeIsAnErrorNamingBlockAndParameter() {
        assertThatThrownBy(() -> compile(
                        spiral().block("bad", "GoldenAngle", "turnz", 3.0).build()))
                .hasMessageContaining("block bad (GoldenAngle) parameter 'turnz': unknown parameter");
        assertThatThrownBy(() -> compile(
                        spiral().block("bad", "GoldenAngle", "turns", "many").build()))
                .hasMessageContaining(
                        "block bad (GoldenAngle) parameter 'turns': expected a float value, got the string \"many\"");
    }

    @Test
    void exactlyOneTimeRootIsRequired() {
        Patch none = new Patch("none", List.of(), List.of());
        assertThatThrownBy(() -> compile(none)).hasMessageContaining("no time root");
        Patch two = spiral().block("time2", "InfiniteTimeRoot").build();
        assertThatThrownBy(() -> compile(two)).hasMessageContaining("two time roots, time and time2");
    }

    @Test
    void aRequiredInputLeftOpenIsAnErrorNamingThePort() {
        Patch p = spiral().block("g2", "GoldenAngle").build();
        assertThatThrownBy(() -> compile(p)).hasMessageContaining("block g2 (GoldenAngle): input 'id01' is required");
    }

    @Test
    void aFieldIntoASignalInputIsATypeError() {
        Patch p = spiral().edge("arr.t", "ga.turns").build();
        assertThatThrownBy(() -> compile(p))
                .hasMessageContaining("block ga (GoldenAngle) port 'turns': expected a signal, got a field from arr.t");
    }

    @Test
    void aCycleWithoutAStatefulBlockIsAnErrorNamingItsBlocks() {
        Patch p = spiral().block("x", "Add")
                .block("y", "Add")
                .edge("x.out", "y.a")
                .edge("y.out", "x.a")
                .edge("time.tMs", "x.b")
                .edge("time.tMs", "y.b")
                .build();
        assertThatThrownBy(() -> compile(p))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("cycle without a stateful block: x -> y -> x");
    }

    @Test
    void aDisabledEdgeLeavesItsInputToTheDefault() {
        Patch p = spiral().block("c", "Const", "value", 7.0)
                .disabledEdge("c.out", "ga.turns")
                .build();
        ProgramIr ir = compile(p);
        Node angle = nodeOf(ir, "ga.angle");
        Node turns = ir.ir().node(angle.args[1]);
        assertThat(turns.k).containsExactly(50.0);
    }

    @Test
    void aParameterNamedLikeAnInputIsItsValueUnlessOscillaCompatibilityIgnoresIt() {
        Patch p = spiral().block("g3", "GoldenAngle", "turns", 8.0)
                .edge("arr.t", "g3.id01")
                .build();
        ProgramIr intended = compile(p);
        assertThat(intended.ir().node(nodeOf(intended, "g3.angle").args[1]).k).containsExactly(8.0);
        ProgramIr oscilla = Compiler.compile(p, CompileOptions.OSCILLA);
        assertThat(oscilla.ir().node(nodeOf(oscilla, "g3.angle").args[1]).k).containsExactly(50.0);
    }

    @Test
    void unitAdaptersAreInsertedBetweenDifferentConcreteUnits() {
        // phaseA (phase01) into a degrees input goes through phase01 -> degrees (x 360)
        Patch p = spiral().block("cam", "Camera")
                .edge("time.phaseA", "cam.yawDeg")
                .build();
        ProgramIr ir = compile(p);
        Node yaw = ir.ir().node(ir.ir().camera().yawNode());
        assertThat(yaw.origins.get(0)).contains("adapter(phase01->degrees)");
    }
}
