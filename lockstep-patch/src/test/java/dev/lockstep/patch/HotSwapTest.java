package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HotSwapTest {
    private static final double DT = 16.667;

    /** mouse-spiral whose positions go through a per-lane Lag and whose hue follows a Phasor. */
    static PatchEdits stateful(int count) {
        return PatchEdits.of("mouse-spiral")
                .param("b5", "count", count)
                .block("lag", "Lag", Map.of("smoothing", 0.1), new String[] {"target"}, "out")
                .block("ph", "Phasor", Map.of(), new String[] {"frequency"}, "phase")
                .wire("b18", "pos", "lag", "target")
                .wire("lag", "out", "b25", "pos")
                .wire("ph", "phase", "b23", "phase");
    }

    static StateMigration entry(List<StateMigration> report, String id) {
        return report.stream()
                .filter(m -> m.stateId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + report));
    }

    private static List<StateMigration> swapAndTick(PatchPlayer player, Patch next) throws Exception {
        CompletableFuture<List<StateMigration>> f = player.swapAsync(next);
        for (int i = 0; i < 100_000 && !f.isDone(); i++) {
            player.tick();
            if (!f.isDone()) {
                Thread.onSpinWait();
            }
        }
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void stateIsCopiedRemappedByElementIdAndDiscarded() throws Exception {
        try (PatchPlayer player = PatchPlayer.builder(
                        PatchCompiler.compile(stateful(24).patch("a")))
                .build()) {
            for (int i = 0; i < 30; i++) {
                player.tick();
            }
            List<StateMigration> grow = swapAndTick(player, stateful(30).patch("b"));
            assertThat(entry(grow, "ph:phase").action()).isEqualTo(StateMigration.Action.COPY);
            StateMigration lag = entry(grow, "lag:lag");
            assertThat(lag.action()).isEqualTo(StateMigration.Action.REMAP);
            assertThat(lag.diagnostic())
                    .contains("24 -> 30")
                    .contains("24 kept")
                    .contains("6 new");

            List<StateMigration> same = swapAndTick(player, stateful(30).patch("b2"));
            assertThat(entry(same, "lag:lag").action()).isEqualTo(StateMigration.Action.COPY);

            PatchEdits noLag = PatchEdits.of("mouse-spiral")
                    .param("b5", "count", 30)
                    .block("ph", "Phasor", Map.of(), new String[] {"frequency"}, "phase")
                    .wire("ph", "phase", "b23", "phase");
            List<StateMigration> drop = swapAndTick(player, noLag.patch("c"));
            assertThat(entry(drop, "lag:lag").action()).isEqualTo(StateMigration.Action.DISCARD);
            assertThat(player.lastMigration()).isEqualTo(drop);
        }
    }

    @Test
    void migratedStateContinuesWhereTheOldRevisionLeftOff() throws Exception {
        // The phasor's phase drives the colour, the lag the positions: a swap to an identical
        // revision gives frames bit-identical to a run that never swapped (state and time carried).
        Patch a = stateful(24).patch("a");
        try (PatchPlayer swapped = PatchPlayer.builder(PatchCompiler.compile(a)).build();
                PatchPlayer plain =
                        PatchPlayer.builder(PatchCompiler.compile(a)).build()) {
            CompletableFuture<List<StateMigration>> f = null;
            for (int i = 0; i < 100_000; i++) {
                if (i == 20) {
                    f = swapped.swapAsync(stateful(24).patch("a-again"));
                }
                assertThat(swapped.tick().hash())
                        .as("tick " + i)
                        .isEqualTo(plain.tick().hash());
                if (f != null && f.isDone() && i > 40) {
                    break;
                }
            }
            assertThat(f.get()).isNotEmpty();
            assertThat(swapped.program().patch().source()).isEqualTo("a-again");
        }
    }

    @Test
    void swapKeepsFrameNumbersAndTimeContinuous() throws Exception {
        List<Patch> revisions = List.of(
                stateful(24).patch("r0"), stateful(40).patch("r1"), stateful(12).patch("r2"));
        try (PatchPlayer player =
                PatchPlayer.builder(PatchCompiler.compile(revisions.get(0))).build()) {
            List<CompletableFuture<List<StateMigration>>> swaps = new ArrayList<>();
            Thread swapper = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 12; i++) {
                    CompletableFuture<List<StateMigration>> f =
                            player.swapAsync(revisions.get((i + 1) % revisions.size()));
                    synchronized (swaps) {
                        swaps.add(f);
                    }
                    try {
                        f.handle((r, e) -> r).get();
                    } catch (InterruptedException | ExecutionException e) {
                        return;
                    }
                }
            });
            long expect = 0;
            while (swapper.isAlive() || expect < 50) {
                RenderFrame f = player.tick();
                assertThat(f.frame()).as("frame numbers continue across swaps").isEqualTo(expect);
                assertThat(f.tMs()).as("tMs continues across swaps").isEqualTo(expect * DT);
                assertThat(f.ops().get(0).count()).isIn(24, 40, 12);
                expect++;
                assertThat(expect).as("swaps finish").isLessThan(1_000_000);
            }
            swapper.join();
            synchronized (swaps) {
                assertThat(swaps).hasSize(12);
                assertThat(swaps).allMatch(CompletableFuture::isDone);
                assertThat(swaps.stream().filter(s -> !s.isCompletedExceptionally()))
                        .hasSize(12);
            }
        }
    }

    @Test
    void aPatchThatDoesNotCompileLeavesTheOldProgramRunning() throws Exception {
        try (PatchPlayer player = PatchPlayer.builder(
                        PatchCompiler.compile(stateful(24).patch("a")))
                .build()) {
            player.tick();
            Patch broken = stateful(24)
                    .block("bad", "NoSuchBlock", Map.of(), new String[0], "out")
                    .patch("broken");
            CompletableFuture<List<StateMigration>> f = player.swapAsync(broken);
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PatchException.class)
                    .hasMessageContaining("NoSuchBlock");
            RenderFrame fr = player.tick();
            assertThat(fr.frame()).isEqualTo(1);
            assertThat(player.program().patch().source()).isEqualTo("a");
        }
    }
}
