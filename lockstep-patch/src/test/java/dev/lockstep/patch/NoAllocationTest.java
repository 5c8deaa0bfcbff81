package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A warm player allocates nothing per tick: golden-spiral (5000 lanes) after 200 warm-up ticks, then
 * 1000 ticks measured with the JVM's per-thread allocation counter. The counter itself is read twice
 * outside the loop; the result is exact bytes, not timing.
 */
class NoAllocationTest {
    @Test
    void aWarmTickAllocatesNothing() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        PatchProgram p = PatchCompiler.compile(OscillaPatches.load("golden-spiral"));
        try (PatchPlayer player = PatchPlayer.builder(p).build()) {
            for (int i = 0; i < 200; i++) {
                player.tick();
            }
            long first = mx.getThreadAllocatedBytes(self);
            long before = mx.getThreadAllocatedBytes(self);
            long overhead = before - first; // what one read of the counter costs
            long checksum = 0;
            for (int i = 0; i < 1000; i++) {
                checksum += player.tick().frame();
            }
            long after = mx.getThreadAllocatedBytes(self);
            assertThat(checksum).isEqualTo(1000L * 200 + 999L * 1000 / 2);
            assertThat(after - before - overhead)
                    .as("bytes allocated by 1000 warm ticks")
                    .isLessThanOrEqualTo(0);
        }
    }
}
