package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ExternalInput, Oscillator, Noise, Hash and the Adapter_* blocks, each through a tiny patch. */
class SignalBlocksTest {
    private static double f(double v) {
        return (float) v;
    }

    @Test
    void externalInputIsZeroUntilWrittenThenTheValue() {
        BlockHarness h = new BlockHarness()
                .block("m", "ExternalInput", Map.of("channel", "mouse.x"))
                .probe("m.value");
        double[] v = h.probeValues(3, 16, (tick, in) -> {
            if (tick == 1) {
                in.set("mouse.x", 0.25);
            }
            if (tick == 2) {
                in.set("mouse.x", 0.75);
            }
        });
        assertThat(v).containsExactly(0, 0.25, 0.75);
    }

    @Test
    void externalInputRejectsAnUnknownChannel() {
        BlockHarness h = new BlockHarness()
                .block("m", "ExternalInput", Map.of("channel", "mouse.z"))
                .probe("m.value");
        assertThatThrownBy(h::compile).isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.blockId()).isEqualTo("m");
            assertThat(e.getMessage()).contains("channel");
        });
    }

    @ParameterizedTest(name = "mode {0} at phase {1}")
    @CsvSource({
        "0, 0.25, 1",
        "0, 0.5, 0",
        "1, 0.25, -0.5",
        "1, 0.75, 0.5",
        "2, 0.25, -1",
        "2, 0.5, 0",
        "2, 0.75, 1",
        "4, 0.25, 0",
        "4, 0.5, 1"
    })
    void oscillatorWaves(int mode, double phase, double expected) {
        BlockHarness h = new BlockHarness()
                .constant("p", phase)
                .block("o", "Oscillator", Map.of("mode", mode))
                .wire("p.out", "o.phase")
                .probe("o.out");
        assertThat(h.probeValues(1, 16)[0]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-7));
    }

    @Test
    void oscillatorWaveformNameAndOffset() {
        Map<String, Object> params = new HashMap<>();
        params.put("waveform", "oscSaw");
        params.put("offset", 0.25);
        BlockHarness h = new BlockHarness()
                .constant("p", 0.5)
                .block("o", "Oscillator", params)
                .wire("p.out", "o.phase")
                .probe("o.out");
        assertThat(h.probeValues(1, 16)[0]).isEqualTo(0.5); // saw(0.75) = 2·0.75 − 1
    }

    @Test
    void oscillatorNoiseStaysInRange() {
        BlockHarness h = new BlockHarness()
                .constant("k", 0.013)
                .block("x", "Multiply")
                .wire("time.tMs", "x.a")
                .wire("k.out", "x.b")
                .block("o", "Oscillator", Map.of("waveform", "noise"))
                .wire("x.out", "o.phase")
                .probe("o.out");
        double[] v = h.probeValues(40, 37);
        for (double x : v) {
            assertThat(x).isBetween(-1.0, 1.0);
        }
        assertThat(java.util.Arrays.stream(v).distinct().count()).isGreaterThan(30); // it moves
    }

    @Test
    void oscillatorRejectsAnUnknownMode() {
        BlockHarness h =
                new BlockHarness().block("o", "Oscillator", Map.of("mode", 9)).probe("o.out");
        assertThatThrownBy(h::compile).isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.blockId()).isEqualTo("o");
            assertThat(e.port()).isEqualTo("mode");
        });
    }

    @Test
    void noiseAndHashAreOscillasIntegerHash() {
        BlockHarness n = new BlockHarness()
                .constant("x", 1)
                .block("n", "Noise")
                .wire("x.out", "n.x")
                .probe("n.out");
        assertThat(n.probeValues(1, 16)[0]).isEqualTo(f(0.04184476565569639));
        BlockHarness h = new BlockHarness()
                .constant("x", 0.5)
                .constant("s", 2)
                .block("h", "Hash")
                .wire("x.out", "h.value")
                .wire("s.out", "h.seed")
                .probe("h.out");
        assertThat(h.probeValues(1, 16)[0]).isEqualTo(f(0.5313737813849002));
    }

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({
        "Adapter_ScalarToDeg, 12.5, 12.5",
        "Adapter_PhaseToScalar01, 0.25, 0.25",
        "Adapter_Norm01ToScalar, 0.25, 0.25",
        "Adapter_ScalarToPhase01, -0.25, 0.75",
        "Adapter_PhaseToRadians, 0.25, 1.5707963267948966",
        "Adapter_RadiansToPhase01, -1.5707963267948966, 0.75",
        "Adapter_DegreesToRadians, 180, 3.141592653589793",
        "Adapter_RadiansToDegrees, 3.141592653589793, 180",
        "Adapter_MsToSeconds, 1500, 1.5",
        "Adapter_SecondsToMs, 1.2345, 1234",
        "Adapter_ScalarToNorm01Clamp, 3, 1",
        "Adapter_ScalarToNorm01Clamp, -3, 0"
    })
    void adapters(String type, double in, double expected) {
        BlockHarness h = new BlockHarness()
                .constant("c", in)
                .block("a", type)
                .wire("c.out", "a.in")
                .probe("a.out");
        assertThat(h.probeValues(1, 16)[0]).isEqualTo(f(expected));
    }
}
