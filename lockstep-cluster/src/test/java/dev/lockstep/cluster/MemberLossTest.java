package dev.lockstep.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.lockstep.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A job on three member processes, submitted from a lite member in this JVM, loses one member
 * midway: killed (SIGKILL) or cut off (SIGSTOP: it neither answers nor sends heartbeats, so the
 * others remove it after the failure timeout, as in a network partition; resumed at the end). Every
 * task must still complete exactly once from the caller's view, with the job's deterministic
 * result, and every keyed task must have exactly one stored result, equal to what its future gave.
 */
class MemberLossTest {
    enum Loss {
        KILLED(MemberProcess::kill),
        CUT_OFF(MemberProcess::suspend);

        final Consumer<MemberProcess> inflict;

        Loss(Consumer<MemberProcess> inflict) {
            this.inflict = inflict;
        }
    }

    /** {@code -Dlockstep.stress=long}: 6000 slices instead of 600. */
    private static final int TASKS = "long".equals(System.getProperty("lockstep.stress")) ? 6_000 : 600;

    private static final long SAMPLES = 100_000;

    @ParameterizedTest
    @EnumSource(Loss.class)
    void everyTaskCompletesExactlyOnceWhenAMemberIsLostMidJob(Loss loss) throws Exception {
        ClusterConfig config = TestClusters.loopback(4).withFailureTimeout(Duration.ofSeconds(3));
        List<MemberProcess> processes = startInParallel(config, 3);
        try (ClusterMember caller = ClusterMember.start(config.withLiteMember(true))) {
            TestClusters.awaitMembers(caller, 4);
            DistributedEngine engine = caller.engine();
            List<MonteCarloPi.Slice> slices = MonteCarloPi.slices(7, TASKS, SAMPLES);
            AtomicIntegerArray completions = new AtomicIntegerArray(TASKS);
            CountDownLatch quarter = new CountDownLatch(TASKS / 4);
            List<Future<Long>> futures = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                int index = i;
                // even tasks carry the caller's idempotency key (result stored), odd ones a generated one
                Future<Long> f = i % 2 == 0 ? engine.submit("slice-" + i, slices.get(i)) : engine.submit(slices.get(i));
                f.onComplete((v, t) -> {
                    completions.incrementAndGet(index);
                    quarter.countDown();
                });
                futures.add(f);
            }
            assertThat(quarter.await(120, TimeUnit.SECONDS))
                    .as("a quarter done")
                    .isTrue();
            MemberProcess victim = processes.get(2);
            loss.inflict.accept(victim);

            long hits = 0;
            long expected = 0;
            for (int i = 0; i < TASKS; i++) {
                long got = futures.get(i).join();
                assertThat(got).as("slice %d", i).isEqualTo(slices.get(i).call());
                hits += got;
                expected += slices.get(i).call();
            }
            assertThat(hits).isEqualTo(expected);
            for (int i = 0; i < TASKS; i++) {
                assertThat(completions.get(i)).as("completions of slice %d", i).isEqualTo(1);
            }
            assertThat(engine.stats().retries())
                    .as("tasks on the lost member were retried")
                    .isPositive();
            assertThat(engine.stats().submitted()).isEqualTo(TASKS);

            IMap<Object, Object> results = caller.hazelcast().getMap("lockstep-results");
            assertThat(results.size()).as("one stored result per keyed task").isEqualTo(TASKS / 2);
            results.forEach((key, stored) -> {
                int i = Integer.parseInt(key.toString().substring("slice-".length()));
                assertThat(((dev.lockstep.cluster.internal.StoredResult) stored).value())
                        .as("stored result of slice %d", i)
                        .isEqualTo(futures.get(i).join());
            });
            TestClusters.awaitMembers(caller, 3);
        } finally {
            processes.forEach(MemberProcess::close);
        }
    }

    private static List<MemberProcess> startInParallel(ClusterConfig config, int n) {
        List<CompletableFuture<MemberProcess>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> MemberProcess.start(config)));
        }
        List<MemberProcess> out = new ArrayList<>();
        for (CompletableFuture<MemberProcess> s : starting) {
            out.add(s.join());
        }
        return out;
    }
}
