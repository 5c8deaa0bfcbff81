package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stateful and event blocks: Lag, Phasor, UnitDelay (also closing a cycle), Accumulator,
 * SampleHold, EventToSignalMask, WrapEvent. Ticks are 100 ms apart (dt is 0 on the first).
 */
class StatefulBlocksTest {
    private static double[] f(double... v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    @Test
    void lagMovesByTheSmoothingFractionEachTick() {
        BlockHarness h = new BlockHarness()
                .constant("one", 1)
                .block("lag", "Lag", Map.of("smoothing", 0.5))
                .wire("one.out", "lag.target")
                .probe("lag.out");
        assertThat(h.probeValues(3, 100)).containsExactly(f(0.5, 0.75, 0.875));
    }

    @Test
    void lagRejectsASmoothingOutsideZeroToOne() {
        BlockHarness h = new BlockHarness()
                .constant("one", 1)
                .block("lag", "Lag", Map.of("smoothing", 2))
                .wire("one.out", "lag.target")
                .probe("lag.out");
        assertThatThrownBy(h::compile).isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.blockId()).isEqualTo("lag");
            assertThat(e.port()).isEqualTo("smoothing");
        });
    }

    @Test
    void phasorAdvancesByFrequencyTimesDtAndWraps() {
        BlockHarness h = new BlockHarness()
                .constant("hz", 4)
                .block("ph", "Phasor", Map.of("initialPhase", 0.5))
                .wire("hz.out", "ph.frequency")
                .probe("ph.phase");
        // tick 0: dt 0; then +0.4 per tick, wrapped
        assertThat(h.probeValues(4, 100)).containsExactly(f(0.5, 0.9, (0.9 + 0.4) % 1, ((0.9 + 0.4) % 1 + 0.4) % 1));
    }

    @Test
    void unitDelayOutputsThePreviousTicksInput() {
        BlockHarness h = new BlockHarness()
                .block("d", "UnitDelay", Map.of("initialValue", 7))
                .wire("time.tMs", "d.in")
                .probe("d.out");
        assertThat(h.probeValues(3, 100)).containsExactly(7, 0, 100);
    }

    @Test
    void unitDelayClosesAFeedbackCycle() {
        BlockHarness h = new BlockHarness()
                .constant("one", 1)
                .block("d", "UnitDelay")
                .block("add", "Add")
                .wire("d.out", "add.a")
                .wire("one.out", "add.b")
                .wire("add.out", "d.in")
                .probe("add.out");
        assertThat(h.probeValues(4, 100)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void accumulatorAddsDeltaAndEventValuesAndResets() {
        BlockHarness h = new BlockHarness()
                .constant("two", 2)
                .block("acc", "Accumulator")
                .wire("two.out", "acc.delta")
                .wire("time.pulse", "acc.events")
                .probe("acc.value");
        assertThat(h.probeValues(3, 100)).containsExactly(3, 6, 9); // +2 delta, +1 per pulse
        BlockHarness r = new BlockHarness()
                .constant("two", 2)
                .constant("one", 1)
                .block("acc", "Accumulator")
                .wire("two.out", "acc.delta")
                .wire("one.out", "acc.reset")
                .probe("acc.value");
        assertThat(r.probeValues(3, 100)).containsExactly(0, 0, 0);
    }

    @Test
    void wrapEventFiresOnTheUpwardCrossingOfOneHalf() {
        BlockHarness h = new BlockHarness()
                .block("w", "WrapEvent")
                .block("mask", "EventToSignalMask")
                .block("ph", "Phasor")
                .constant("hz", 1)
                .wire("hz.out", "ph.frequency")
                .wire("ph.phase", "w.signal")
                .wire("w.event", "mask.event")
                .probe("mask.out");
        double[] v = h.probeValues(17, 100);
        // phasor at 1 Hz, 100 ms a tick: 0, 0.1, ..., 0.5 on tick 5, wraps on tick 10, 0.5 again on tick 15
        for (int i = 0; i < v.length; i++) {
            assertThat(v[i]).as("tick " + i).isEqualTo(i == 5 || i == 15 ? 1.0 : 0.0);
        }
    }

    @Test
    void sampleHoldHoldsTheValueWhenTheTriggerFires() {
        BlockHarness h = new BlockHarness()
                .block("w", "WrapEvent")
                .block("ph", "Phasor")
                .constant("hz", 1)
                .wire("hz.out", "ph.frequency")
                .wire("ph.phase", "w.signal")
                .block("sh", "SampleHold", Map.of("initialValue", -1))
                .wire("time.tMs", "sh.value")
                .wire("w.event", "sh.trigger")
                .probe("sh.out");
        double[] v = h.probeValues(17, 100);
        for (int i = 0; i < v.length; i++) {
            double want = i < 5 ? -1 : i < 15 ? 500 : 1500;
            assertThat(v[i]).as("tick " + i).isEqualTo(want);
        }
    }

    @Test
    void sampleHoldWithoutValueHoldsTheEventPayload() {
        BlockHarness h = new BlockHarness()
                .block("sh", "SampleHold")
                .wire("time.pulse", "sh.trigger")
                .probe("sh.out");
        assertThat(h.probeValues(2, 100)).containsExactly(1, 1);
    }

    @Test
    void sampleHoldNeedsAnEventTrigger() {
        BlockHarness h = new BlockHarness()
                .block("sh", "SampleHold")
                .wire("time.tMs", "sh.trigger")
                .probe("sh.out");
        assertThatThrownBy(h::compile).isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.blockId()).isEqualTo("sh");
            assertThat(e.port()).isEqualTo("trigger");
        });
    }
}
