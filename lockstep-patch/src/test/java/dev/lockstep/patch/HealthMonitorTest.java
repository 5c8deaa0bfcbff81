package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
    /** mouse-spiral with its scale multiplied by mouse.x / 0 (a Divide block fed by an input). */
    static PatchProgram divideByZero() {
        return PatchCompiler.compile(PatchEdits.of("mouse-spiral")
                .block("div", "Divide", Map.of(), new String[] {"a", "b"}, "out")
                .block("zero", "Const", Map.of("value", 0.0), new String[0], "out")
                .wire("b1", "value", "div", "a")
                .wire("zero", "out", "div", "b")
                .wire("div", "out", "b20", "b")
                .patch("div0"));
    }

    @Test
    void divisionByZeroIsReportedWithBlockStepAndTick() {
        PatchProgram p = divideByZero();
        try (PatchPlayer player = PatchPlayer.builder(p).build()) {
            PatchInputs in = new PatchInputs().set("mouse.x", 0.5);
            for (int i = 0; i < 3; i++) {
                player.tick(in);
            }
            Health h = player.health().current();
            assertThat(h.errorsByKind()).containsEntry("division_by_zero", 3L);
            assertThat(h.errorsByBlock()).containsEntry("div", 3L);
            RuntimeError first = h.firstError();
            assertThat(first.kind()).isEqualTo("division_by_zero");
            assertThat(first.blockId()).isEqualTo("div");
            assertThat(first.tick()).isZero();
            assertThat(first.step()).isGreaterThanOrEqualTo(0).isLessThan(p.tickSteps());
            assertThat(player.attribution("div", "out").step()).isEqualTo(first.step());
            assertThat(first.detail()).contains("0 used");
        }
    }

    @Test
    void sqrtOfMinusOneIsReportedAsNan() {
        PatchProgram p = PatchCompiler.compile(PatchEdits.of("mouse-spiral")
                .block("root", "Sqrt", Map.of(), new String[] {"x"}, "out")
                .wire("b2", "value", "root", "x")
                .wire("root", "out", "b20", "b")
                .patch("sqrt"));
        try (PatchPlayer player = PatchPlayer.builder(p).build()) {
            player.tick(new PatchInputs().set("mouse.y", 4)); // sqrt(4): fine
            assertThat(player.health().current().errors()).isZero();
            player.tick(new PatchInputs().set("mouse.y", -1));
            Health h = player.health().current();
            assertThat(h.errorsByKind()).containsOnlyKeys("nan_produced");
            assertThat(h.firstError().blockId()).isEqualTo("root");
            assertThat(h.firstError().tick()).isEqualTo(1);
        }
    }

    @Test
    void windowsRollAndKeepTheLastCompleteOne() {
        HealthMonitor m = new HealthMonitor(10, Double.NaN, System::nanoTime);
        try (PatchPlayer player = PatchPlayer.builder(divideByZero()).health(m).build()) {
            for (int i = 0; i < 25; i++) {
                player.tick();
            }
            assertThat(m.last().fromTick()).isEqualTo(10);
            assertThat(m.last().ticks()).isEqualTo(10);
            assertThat(m.last().errorsByKind()).containsEntry("division_by_zero", 10L);
            assertThat(m.last().firstError().tick()).isEqualTo(10);
            assertThat(m.current().fromTick()).isEqualTo(20);
            assertThat(m.current().ticks()).isEqualTo(5);
            assertThat(m.total()).containsEntry("division_by_zero", 25L);
        }
    }

    @Test
    void ticksOverBudgetAreCountedWithAnInjectedClock() {
        AtomicLong now = new AtomicLong();
        // each reading advances 3 ms, except that every third tick takes 10 ms
        long[] reads = {0};
        HealthMonitor m = new HealthMonitor(60, 5.0, () -> {
            long r = reads[0]++;
            long tick = r / 2;
            boolean end = r % 2 == 1;
            return end ? now.addAndGet(tick % 3 == 2 ? 10_000_000 : 3_000_000) : now.get();
        });
        try (PatchPlayer player = PatchPlayer.builder(PatchCompiler.compile(OscillaPatches.load("mouse-spiral")))
                .health(m)
                .build()) {
            for (int i = 0; i < 9; i++) {
                player.tick();
            }
        }
        assertThat(m.current().ticksOverBudget()).isEqualTo(3);
        assertThat(m.current().slowestTickMs()).isEqualTo(10.0);
        assertThat(m.current().healthy()).isFalse();
    }

    @Test
    void aCleanRunIsHealthy() {
        try (PatchPlayer player = PatchPlayer.builder(PatchCompiler.compile(OscillaPatches.load("golden-spiral")))
                .build()) {
            for (int i = 0; i < 30; i++) {
                player.tick();
            }
            assertThat(player.health().current().healthy()).isTrue();
            assertThat(player.health().last()).isNull();
        }
    }
}
