package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {
    @Test
    void traceSwitchesOnAndOffWhileRunning() {
        PatchProgram p = PatchCompiler.compile(OscillaPatches.load("mouse-spiral"));
        try (PatchPlayer player = PatchPlayer.builder(p).trace(10_000, 4).build()) {
            for (int i = 0; i < 5; i++) {
                player.tick();
            }
            assertThat(player.trace().entries()).isEmpty();
            player.trace().enable();
            player.tick(new PatchInputs().set("mouse.x", 0.75)); // tick 5
            player.tick(); // tick 6
            player.trace().disable();
            player.tick();
            List<TraceEntry> e = player.trace().entries();
            assertThat(e).isNotEmpty();
            assertThat(e).extracting(TraceEntry::tick).containsOnly(5L, 6L);
            assertThat(e.stream().map(TraceEntry::step).distinct().count()).isGreaterThan(1);
            // the Multiply of mouse.x by 2π (b7) was traced with its value
            Attribution b7 = player.attribution("b7", "out");
            assertThat(e)
                    .filteredOn(x -> x.tick() == 5 && x.step() == b7.step())
                    .singleElement()
                    .satisfies(x -> {
                        assertThat(x.value()).isEqualTo(0.75 * 6.283185307179586);
                        assertThat(x.blockId()).isEqualTo("b7");
                    });
        }
    }

    @Test
    void theRingKeepsOnlyTheNewestEntries() {
        PatchProgram p = PatchCompiler.compile(OscillaPatches.load("golden-spiral"));
        try (PatchPlayer player = PatchPlayer.builder(p).trace(100, 8).build()) {
            player.trace().enable();
            for (int i = 0; i < 10; i++) {
                player.tick();
            }
            assertThat(player.trace().written()).isGreaterThan(100);
            List<TraceEntry> e = player.trace().entries();
            assertThat(e).hasSize(100);
            assertThat(e.get(e.size() - 1).tick()).isEqualTo(9);
        }
    }

    @Test
    void attributionNamesProducerAdaptersAndSink() {
        PatchProgram p = PatchCompiler.compile(OscillaPatches.load("mouse-spiral"));
        try (PatchPlayer player = PatchPlayer.builder(p).build()) {
            player.tick();
            Attribution pos = player.attribution("b18", "pos");
            assertThat(pos.producer()).isEqualTo("b18");
            assertThat(pos.kind()).isEqualTo("field");
            assertThat(pos.slot()).startsWith("f[");
            assertThat(pos.step()).isGreaterThanOrEqualTo(0);
            assertThat(pos.consumers()).containsExactly("b25");
            Attribution mouse = player.attribution("b1", "value");
            assertThat(mouse.consumers()).containsExactly("b25");
            assertThat(mouse.step()).isEqualTo(-1); // a source written by the input sampler
            Attribution constant = player.attribution("b6", "out");
            assertThat(constant.step())
                    .as("a constant is stable, not a tick step")
                    .isEqualTo(-1);
            assertThatThrownBy(() -> player.attribution("b18", "nope"))
                    .isInstanceOf(PatchException.class)
                    .hasMessageContaining("b18")
                    .hasMessageContaining("nope");
        }
    }
}
