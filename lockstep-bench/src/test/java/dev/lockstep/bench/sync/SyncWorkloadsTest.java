package dev.lockstep.bench.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.sync.Machine;
import dev.lockstep.sync.Program;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sync suite's workloads run on a real machine at small sizes and pass their own checks; and
 * the checks fail a run that did not do the whole workload. No timing.
 */
class SyncWorkloadsTest {
    private static Probe run(Program<Void, Void> program, Probe probe, long limit) {
        try (Machine<Void, Void> m = Machine.of(program)) {
            probe.drive(m, limit);
        }
        return probe;
    }

    private static void ppdp(
            int n, BiFunction<Integer, Probe, Program<Void, Void>> w, BiConsumer<Integer, Probe> check) {
        Probe p = new Probe();
        run(w.apply(n, p), p, PpdpWorkloads.LIMIT);
        check.accept(n, p);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64, 500})
    void ppdpWorkloadsDoWhatTheIssueSays(int n) {
        ppdp(n, PpdpWorkloads::b1, PpdpWorkloads::expectB1);
        ppdp(n, PpdpWorkloads::b2, PpdpWorkloads::expectB2);
        ppdp(n, PpdpWorkloads::b3, PpdpWorkloads::expectB3);
        ppdp(n, PpdpWorkloads::b4, PpdpWorkloads::expectB4);
        ppdp(n, PpdpWorkloads::b5, PpdpWorkloads::expectB5);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void theParallelFanOutPassesItsCheckSequentiallyAndInParallel(int workers) {
        Probe p = new Probe();
        try (Machine<Void, Void> m = Machine.builder(ParallelInstantsBench.fanOut(p))
                .workers(workers)
                .build()) {
            p.drive(m, 100);
        }
        assertThatCode(() -> ParallelInstantsBench.expect(p)).doesNotThrowAnyException();
        Probe broken = new Probe();
        broken.instants = ParallelInstantsBench.INSTANTS + 1;
        broken.count = ParallelInstantsBench.INSTANTS;
        broken.done = true;
        assertThatThrownBy(() -> ParallelInstantsBench.expect(broken)).hasMessageContaining("expected sum");
    }

    @Test
    void forkExplosionDepthIsFloorLog2() {
        assertThat(PpdpWorkloads.depth(5000)).isEqualTo(12);
        assertThat(PpdpWorkloads.depth(10000)).isEqualTo(13);
        assertThat(PpdpWorkloads.depth(50000)).isEqualTo(15);
        assertThat(PpdpWorkloads.depth(1)).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 300})
    void coreWorkloadsDoWhatTempoCounts(int n) {
        Probe p = new Probe();
        CoreWorkloads.expectPauseLoop(n, run(CoreWorkloads.pauseLoop(n, p), p, SyncCoreBench.LIMIT));
        p = new Probe();
        CoreWorkloads.expectEmitAwait(n, run(CoreWorkloads.emitAwait(n, p), p, SyncCoreBench.LIMIT));
        p = new Probe();
        CoreWorkloads.expectAwaitImmediate(n, run(CoreWorkloads.awaitImmediate(n, p), p, SyncCoreBench.LIMIT));
        p = new Probe();
        CoreWorkloads.expectWhenGuard(n, run(CoreWorkloads.whenGuard(n, p), p, CoreWorkloads.whenGuardLimit(n)));
        p = new Probe();
        CoreWorkloads.expectWatchPreempt(n, run(CoreWorkloads.watchPreempt(n, p), p, SyncCoreBench.LIMIT));
        p = new Probe();
        CoreWorkloads.expectParallelFanout(n, run(CoreWorkloads.parallelFanout(n, p), p, SyncCoreBench.LIMIT));
        p = new Probe();
        CoreWorkloads.expectCombined(n, run(CoreWorkloads.combined(n, p), p, CoreWorkloads.combinedLimit(n)));
    }

    @Test
    void benchmarkSizesPassTheirChecks() {
        Probe p = new Probe();
        int n = CoreWorkloads.PAUSE_LOOP_N;
        assertThatCode(() ->
                        CoreWorkloads.expectPauseLoop(n, run(CoreWorkloads.pauseLoop(n, p), p, SyncCoreBench.LIMIT)))
                .doesNotThrowAnyException();
        ppdp(5000, PpdpWorkloads::b1, PpdpWorkloads::expectB1);
        ppdp(5000, PpdpWorkloads::b4, PpdpWorkloads::expectB4);
    }

    @Test
    void aRunThatFallsShortFailsItsCheck() {
        Probe p = new Probe();
        run(PpdpWorkloads.b2(8, p), p, PpdpWorkloads.LIMIT);
        assertThatThrownBy(() -> PpdpWorkloads.expectB2(9, p))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ppdp-b2 n=9")
                .hasMessageContaining("count 9")
                .hasMessageContaining("count 8");
        Probe cut = new Probe();
        run(CoreWorkloads.pauseLoop(10, cut), cut, 5); // stopped early: too few instants
        assertThatThrownBy(() -> CoreWorkloads.expectPauseLoop(10, cut)).isInstanceOf(IllegalStateException.class);
        Probe sum = new Probe();
        run(CoreWorkloads.emitAwait(4, sum), sum, SyncCoreBench.LIMIT);
        sum.sum--;
        assertThatThrownBy(() -> CoreWorkloads.expectEmitAwait(4, sum))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sum");
    }
}
