package dev.lockstep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import dev.lockstep.core.Future;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three embedded members on loopback in this JVM, one cluster for the whole class. */
class DistributedEngineTest {
    private static List<ClusterMember> members;

    @BeforeAll
    static void startCluster() {
        members = TestClusters.start(3);
    }

    @AfterAll
    static void stopCluster() {
        TestClusters.closeAll(members);
    }

    /** Doubles a number; Serializable, captures only an int. */
    record Double(int n) implements Callable<Long>, Serializable {
        @Override
        public Long call() {
            return 2L * n;
        }
    }

    /** Reports the UUID of the member it runs on. */
    static final class WhereAmI implements Callable<UUID>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public UUID call() {
            return LOCAL_MEMBERS.get();
        }
    }

    /**
     * Which member runs a task: tasks run on a member's executor thread, whose name starts with the
     * member's instance name; the test maps that back to the member's UUID.
     */
    static final ThreadLocal<UUID> LOCAL_MEMBERS = ThreadLocal.withInitial(() -> {
        String thread = Thread.currentThread().getName();
        for (ClusterMember m : members) {
            if (thread.contains(m.hazelcast().getName() + ".")) {
                return m.localMember().getUuid();
            }
        }
        throw new IllegalStateException("task ran on thread " + thread + ", not a member's");
    });

    @Test
    void tenThousandTinyTasksCompleteWithCorrectResults() {
        int n = 10_000;
        DistributedEngine engine = members.get(0).engine();
        List<Future<Long>> futures = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            futures.add(engine.submit(new Double(i)));
        }
        long sum = 0;
        for (Future<Long> f : futures) {
            sum += f.join();
        }
        assertThat(sum).isEqualTo((long) n * (n + 1)); // 2 * n(n+1)/2
    }

    @Test
    void tasksReachEveryMemberThroughSubmit() {
        DistributedEngine engine = members.get(1).engine();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 300 && seen.size() < 3; i++) {
            seen.add(engine.submit(new WhereAmI()).join());
        }
        assertThat(seen).hasSize(3);
    }

    @Test
    void submitToKeyOwnerRunsOnThePartitionOwner() {
        DistributedEngine engine = members.get(0).engine();
        var partitions = members.get(0).hazelcast().getPartitionService();
        for (int k = 0; k < 50; k++) {
            String key = "key-" + k;
            UUID owner = partitions.getPartition(key).getOwner().getUuid();
            assertThat(engine.submitToKeyOwner(key, new WhereAmI()).join())
                    .as("member that ran the task for %s", key)
                    .isEqualTo(owner);
        }
    }

    @Test
    void submitToMemberRunsOnThatMember() {
        DistributedEngine engine = members.get(0).engine();
        for (ClusterMember target : members) {
            Member m = target.localMember();
            assertThat(engine.submitToMember(m, new WhereAmI()).join()).isEqualTo(m.getUuid());
        }
    }

    @Test
    void submitToAllReachesAllThreeMembers() {
        Map<Member, Future<UUID>> results = members.get(2).engine().submitToAll(new WhereAmI());
        assertThat(results).hasSize(3);
        results.forEach((member, f) -> assertThat(f.join()).isEqualTo(member.getUuid()));
        Set<UUID> expected = new HashSet<>();
        members.forEach(m -> expected.add(m.localMember().getUuid()));
        assertThat(results.keySet()).extracting(Member::getUuid).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aFailingTaskFailsItsFutureWithTheTasksException() {
        Callable<Integer> boom = (Callable<Integer> & Serializable) () -> {
            throw new IllegalStateException("boom on purpose");
        };
        Future<Integer> f = members.get(0).engine().submit(boom);
        assertThatThrownBy(f::join)
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause()
                .hasMessageContaining("boom on purpose");
    }

    /** Not Serializable: travels with Hazelcast's zero-config compact serialization. */
    record CompactSquare(long n) implements Callable<Long> {
        @Override
        public Long call() {
            return n * n;
        }
    }

    @Test
    void aTaskThatIsNotSerializableTravelsWithCompactSerialization() {
        assertThatThrownBy(
                        () -> new ObjectOutputStream(OutputStream.nullOutputStream()).writeObject(new CompactSquare(3)))
                .as("not Java-serializable")
                .isInstanceOf(NotSerializableException.class);
        DistributedEngine engine = members.get(0).engine();
        assertThat(engine.submit(new CompactSquare(12)).join()).isEqualTo(144L);
        assertThat(engine.submitToMember(members.get(2).localMember(), new CompactSquare(5))
                        .join())
                .isEqualTo(25L);
        assertThat(engine.submit("compact-square-7", new CompactSquare(7)).join())
                .isEqualTo(49L);
    }

    /** Serializable, but captures something that is not. */
    record Capturing(Object captured) implements Callable<Integer>, Serializable {
        @Override
        public Integer call() {
            return captured.hashCode();
        }
    }

    @Test
    void aLambdaThatIsNotSerializableIsAClearErrorAtSubmission() {
        DistributedEngine engine = members.get(0).engine();
        Callable<Integer> lambda = () -> 1;
        assertThatThrownBy(() -> engine.submit(lambda))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be serialized for the cluster")
                .hasMessageContaining(lambda.getClass().getName());
        assertThatThrownBy(() -> engine.submitToAll(lambda))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(lambda.getClass().getName());
    }

    @Test
    void taskCapturingSomethingUnserializableIsAClearErrorAtSubmission() {
        DistributedEngine engine = members.get(0).engine();
        Capturing task = new Capturing(new Object());
        long before = engine.stats().submitted();
        assertThatThrownBy(() -> engine.submit(task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Capturing.class.getName())
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> engine.submitToKeyOwner("k", task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Capturing.class.getName());
        assertThatThrownBy(() -> engine.submit("idem-k", task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Capturing.class.getName());
        assertThatThrownBy(() -> engine.submitToMember(members.get(1).localMember(), task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Capturing.class.getName());
        assertThatThrownBy(() -> engine.submitToAll(task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Capturing.class.getName());
        assertThat(engine.stats().submitted())
                .as("nothing counted as submitted")
                .isEqualTo(before);
    }

    static final CountDownLatch BLOCKER_STARTED = new CountDownLatch(1);
    static final CountDownLatch BLOCKER_INTERRUPTED = new CountDownLatch(1);

    /** Blocks until interrupted (the member runs it in this JVM, so the latches are shared). */
    static final class Blocker implements Callable<Integer>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer call() {
            BLOCKER_STARTED.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                BLOCKER_INTERRUPTED.countDown();
            }
            return 0;
        }
    }

    @Test
    void cancellingTheFutureInterruptsTheTaskOnItsMember() throws InterruptedException {
        Future<Integer> f =
                members.get(0).engine().submitToMember(members.get(1).localMember(), new Blocker());
        assertThat(BLOCKER_STARTED.await(60, TimeUnit.SECONDS))
                .as("task started")
                .isTrue();
        assertThat(f.cancel()).isTrue();
        assertThat(f.isCancelled()).isTrue();
        assertThat(BLOCKER_INTERRUPTED.await(60, TimeUnit.SECONDS))
                .as("the member's thread was interrupted")
                .isTrue();
    }
}
