package dev.lockstep.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.bench.BenchException;
import dev.lockstep.bench.ExternalSuite;
import dev.lockstep.cluster.MonteCarloPi;
import dev.lockstep.core.Engine;
import dev.lockstep.core.Promise;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cluster suite's parts (the window, the pi job's checks, the order of sides) and one short real run. */
@Timeout(180)
class ClusterSuiteTest {
    private static final long MILLIS_100 = TimeUnit.MILLISECONDS.toNanos(100);

    @Test
    void resultsAreTheIssuesNamesWithTheirPeers() {
        assertThat(new ClusterSuite().results())
                .extracting(ExternalSuite.Result::name, ExternalSuite.Result::peer)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cluster-tiny-tasks", "Hazelcast IExecutorService"),
                        org.assertj.core.groups.Tuple.tuple("cluster-pi", "local Engine"));
    }

    @Test
    void theWindowBoundsTasksInFlightAndChecksTheirSum() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            TaskWindow.Side async = (task, done) ->
                    CompletableFuture.supplyAsync(task::call, pool).whenComplete(done);
            TaskWindow.Sample s = TaskWindow.run("async", async, 8, MILLIS_100);
            assertThat(s.tasks()).isPositive();
            assertThat(s.maxInFlight()).isBetween(1, 8);
            assertThat(s.tasksPerSecond()).isPositive();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aSynchronousSideNeverHasMoreThanOneTaskInFlight() {
        TaskWindow.Sample s = TaskWindow.run("sync", (task, done) -> done.accept(task.call(), null), 16, MILLIS_100);
        assertThat(s.maxInFlight()).isEqualTo(1);
    }

    @Test
    void aSideThatAnswersWrongCannotLookFast() {
        TaskWindow.Side wrong = (task, done) -> done.accept(task.n(), null); // n instead of n + 1
        assertThatThrownBy(() -> TaskWindow.run("wrong", wrong, 4, MILLIS_100))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("wrong: the results add up to")
                .hasMessageContaining("lost, repeated or answered wrong");
    }

    @Test
    void aSideThatDropsATaskStallsAndIsNamed() {
        // drops task 3 (never calls done): after the time is up the window cannot drain
        TaskWindow.Side dropping = (task, done) -> {
            if (task.n() != 3) {
                done.accept(task.call(), null);
            }
        };
        // a window of 2 with one permit lost still submits; draining needs the lost one: a stall
        long stall = TimeUnit.MILLISECONDS.toNanos(200);
        assertThatThrownBy(() -> TaskWindow.run("dropping", dropping, 2, MILLIS_100, stall))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("dropping: the window did not drain");
    }

    @Test
    void aFailedTaskFailsTheRunWithItsCause() {
        TaskWindow.Side failing = (task, done) -> done.accept(null, new IllegalStateException("boom " + task.n()));
        assertThatThrownBy(() -> TaskWindow.run("failing", failing, 4, MILLIS_100))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("failing: a task failed: java.lang.IllegalStateException: boom 0");
    }

    @Test
    void tinyReturnsNPlusOne() {
        assertThat(new Tiny(41).call()).isEqualTo(42L);
    }

    @Test
    void aPiJobOnALocalEngineGivesMonteCarloPisHits() {
        List<MonteCarloPi.Slice> slices = MonteCarloPi.slices(5, 12, 5_000);
        long expected = slices.stream().mapToLong(MonteCarloPi.Slice::call).sum();
        try (Engine e = Engine.builder().workers(2).build()) {
            assertThat(ClusterSuite.job(slices, e::submit)).isEqualTo(expected);
        }
    }

    @Test
    void aFailedSliceFailsThePiJob() {
        List<MonteCarloPi.Slice> slices = MonteCarloPi.slices(5, 3, 10);
        assertThatThrownBy(() ->
                        ClusterSuite.job(slices, s -> Promise.<Long>failed(new IllegalStateException("member gone"))))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("cluster-pi: a slice failed")
                .hasMessageContaining("member gone");
    }

    @Test
    void everyPiJobMustMatchTheFirst() {
        assertThat(ClusterSuite.check(-1, 100, "ours")).isEqualTo(100);
        assertThat(ClusterSuite.check(100, 100, "peer")).isEqualTo(100);
        assertThatThrownBy(() -> ClusterSuite.check(100, 99, "peer"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("cluster-pi (peer): 99 hits, but the first job had 100");
    }

    @Test
    void sidesAlternateWhoGoesFirst() {
        assertThat(ClusterSuite.order(0)).containsExactly(true, false);
        assertThat(ClusterSuite.order(1)).containsExactly(false, true);
        assertThat(ClusterSuite.order(2)).containsExactly(true, false);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(ClusterSuite.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(ClusterSuite.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThatThrownBy(() -> ClusterSuite.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nothingSelectedStartsNoCluster() {
        StringWriter progress = new StringWriter();
        ExternalSuite.Outcome o =
                new ClusterSuite().measure(new ExternalSuite.Run(Set.of(), true, new PrintWriter(progress)));
        assertThat(o.values()).isEmpty();
        assertThat(o.missing()).isEmpty();
        assertThat(o.settings()).contains("window 1024");
    }

    @Test
    void aShortRealRunMeasuresBothResultsOnRealClusters() {
        ClusterSuite.Settings tiny = new ClusterSuite.Settings(200, 200, 1, 64, 4, 2_000, 1);
        StringWriter progress = new StringWriter();
        ExternalSuite.Outcome o = new ClusterSuite(tiny, tiny)
                .measure(new ExternalSuite.Run(
                        Set.of(ClusterSuite.TINY, ClusterSuite.PI), true, new PrintWriter(progress)));
        assertThat(o.missing()).as(progress.toString()).isEmpty();
        assertThat(o.values())
                .extracting(ExternalSuite.Value::name, ExternalSuite.Value::unit, ExternalSuite.Value::better)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cluster-tiny-tasks", "tasks/s", "higher"),
                        org.assertj.core.groups.Tuple.tuple("cluster-pi", "ms", "lower"));
        assertThat(o.values()).allSatisfy(v -> {
            assertThat(v.ours()).isPositive();
            assertThat(v.peerValue()).isPositive();
        });
        assertThat(progress.toString())
                .contains("cluster-tiny-tasks (ours):", "cluster-tiny-tasks (peer):", "cluster-pi (ours):", "pi ~ 3.");
    }
}
