package dev.lockstep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.MemberLeftException;
import dev.lockstep.core.Future;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retry on member loss and results stored once, with members in this JVM (a member "lost" is
 * terminated: it stops at once, without telling the others, as a crashed process would). Each test
 * gets its own three-member cluster, because it loses one.
 */
class RetryAndIdempotencyTest {
    /** Runs per task name, across all members of this JVM. */
    static final ConcurrentHashMap<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    static final ConcurrentHashMap<String, CountDownLatch> STARTED = new ConcurrentHashMap<>();

    private List<ClusterMember> members;

    @AfterEach
    void stop() {
        if (members != null) {
            members.stream()
                    .filter(m -> m.hazelcast().getLifecycleService().isRunning())
                    .forEach(ClusterMember::close);
        }
    }

    /** Counts its runs, says it started, then works for {@code millis} (interruptibly); returns its run number. */
    record Slow(String name, long millis) implements Callable<Integer>, Serializable {
        @Override
        public Integer call() throws InterruptedException {
            int run = RUNS.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            STARTED.computeIfAbsent(name, n -> new CountDownLatch(1)).countDown();
            Thread.sleep(millis);
            return run;
        }
    }

    private static CountDownLatch started(String name) {
        return STARTED.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    private static int runs(String name) {
        AtomicInteger n = RUNS.get(name);
        return n == null ? 0 : n.get();
    }

    /** A key whose partition is owned by {@code owner}. */
    private static String keyOwnedBy(ClusterMember anyMember, ClusterMember owner, String prefix) {
        for (int i = 0; ; i++) {
            String key = prefix + "-" + i;
            Member o = anyMember
                    .hazelcast()
                    .getPartitionService()
                    .getPartition(key)
                    .getOwner();
            if (o.getUuid().equals(owner.localMember().getUuid())) {
                return key;
            }
        }
    }

    private static void lose(ClusterMember victim) {
        victim.hazelcast().getLifecycleService().terminate();
    }

    @Test
    void aTaskWhoseMemberIsLostMidRunIsRetriedOnASurvivorAndCompletesOnce() throws InterruptedException {
        members = TestClusters.start(3);
        ClusterMember caller = members.get(0);
        ClusterMember victim = members.get(2);
        String key = keyOwnedBy(caller, victim, "lost-mid-run");
        String name = "lost-mid-run-" + key;
        Future<Integer> f = caller.engine().submitToKeyOwner(key, new Slow(name, 1_500));
        assertThat(started(name).await(60, TimeUnit.SECONDS)).isTrue();
        lose(victim);
        assertThat(f.join()).as("the survivor's run answers").isEqualTo(2);
        assertThat(runs(name)).isEqualTo(2);
        assertThat(caller.engine().stats().retries()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStoredResultIsReturnedToALaterSubmissionWithoutRunningAgain() {
        members = TestClusters.start(3);
        String name = "stored-once";
        Future<Integer> first = members.get(0).engine().submit("order-17", new Slow(name, 0));
        assertThat(first.join()).isEqualTo(1);
        // another member, another task object, the same key: the stored result, no second run
        Future<Integer> again = members.get(1).engine().submit("order-17", new Slow(name, 0));
        assertThat(again.join()).isEqualTo(1);
        assertThat(runs(name)).isEqualTo(1);
        Future<Integer> otherKey = members.get(1).engine().submit("order-18", new Slow(name, 0));
        assertThat(otherKey.join()).isEqualTo(2);
    }

    @Test
    void concurrentSubmissionsOfOneKeyAllGetTheFirstStoredResult() {
        members = TestClusters.start(3);
        String name = "concurrent-key";
        // both start before either stores (each runs 500 ms), so both run; one result is stored
        Future<Integer> a = members.get(0).engine().submit("pay-1", new Slow(name, 500));
        Future<Integer> b = members.get(1).engine().submit("pay-1", new Slow(name, 500));
        int va = a.join();
        int vb = b.join();
        assertThat(runs(name)).isEqualTo(2);
        assertThat(va).as("one stored result for both").isEqualTo(vb);
    }

    @Test
    void aStoredResultWhoseMemberIsLostSurvivesOnTheBackup() {
        members = TestClusters.start(3);
        ClusterMember caller = members.get(0);
        ClusterMember victim = members.get(2);
        String key = keyOwnedBy(caller, victim, "backup");
        String name = "backup-" + key;
        assertThat(caller.engine().submit(key, new Slow(name, 0)).join()).isEqualTo(1);
        lose(victim);
        TestClusters.awaitMembers(caller, 2);
        assertThat(caller.engine().submit(key, new Slow(name, 0)).join())
                .as("the backup, now the owner, has the stored result")
                .isEqualTo(1);
        assertThat(runs(name)).isEqualTo(1);
    }

    @Test
    void aStoredResultExpiresAfterItsTtl() throws InterruptedException {
        members = TestClusters.start(3);
        DistributedEngine engine = members.get(0).engine().withResultTtl(Duration.ofSeconds(1));
        String name = "ttl";
        assertThat(engine.submit("ttl-key", new Slow(name, 0)).join()).isEqualTo(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int v;
        do {
            Thread.sleep(200);
            v = engine.submit("ttl-key", new Slow(name, 0)).join();
        } while (v == 1 && System.nanoTime() < deadline);
        assertThat(v).as("run again once the stored result expired").isEqualTo(2);
    }

    @Test
    void withoutRetriesALostMemberFailsTheFutureNamingTheTaskAndItsAttempts() throws InterruptedException {
        members = TestClusters.start(3);
        ClusterMember caller = members.get(0);
        ClusterMember victim = members.get(1);
        String key = keyOwnedBy(caller, victim, "no-retry");
        String name = "no-retry-" + key;
        Future<Integer> f = caller.engine()
                .withRetryPolicy(ClusterRetryPolicy.NONE)
                .submitToKeyOwner(key, "idem-" + key, new Slow(name, 5_000));
        assertThat(started(name).await(60, TimeUnit.SECONDS)).isTrue();
        lose(victim);
        assertThatThrownBy(f::join)
                .hasRootCauseInstanceOf(MemberLeftException.class)
                .rootCause()
                .isNotNull();
        assertThatThrownBy(f::join)
                .hasStackTraceContaining(ClusterTaskLostException.class.getSimpleName())
                .hasStackTraceContaining("idem-" + key)
                .hasStackTraceContaining("1 attempts");
        assertThat(runs(name)).isEqualTo(1);
    }

    @Test
    void aPinnedTaskIsNotRetriedElsewhere() throws InterruptedException {
        members = TestClusters.start(3);
        String name = "pinned";
        Future<Integer> f =
                members.get(0).engine().submitToMember(members.get(2).localMember(), new Slow(name, 5_000));
        assertThat(started(name).await(60, TimeUnit.SECONDS)).isTrue();
        lose(members.get(2));
        assertThatThrownBy(f::join).hasRootCauseInstanceOf(MemberLeftException.class);
        assertThat(runs(name)).isEqualTo(1);
    }

    @Test
    void cancellingAKeyedTaskInterruptsItOnItsMemberAndSendsNoRetry() throws InterruptedException {
        members = TestClusters.start(3);
        String name = "cancel-keyed";
        Future<Integer> f = members.get(0).engine().submit("cancel-1", new Slow(name, 60_000));
        assertThat(started(name).await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(f.cancel()).isTrue();
        // the interrupted task ends with InterruptedException; nothing is stored, nothing retried
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (members.get(0).hazelcast().getMap("lockstep-results").size() != 0 || runs(name) != 1) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(f.isCancelled()).isTrue();
        assertThat(members.get(0).engine().stats().retries()).isZero();
        // the same key runs again: a cancelled run stored nothing
        assertThat(members.get(1).engine().submit("cancel-1", new Slow(name, 0)).join())
                .isEqualTo(2);
    }

    @Test
    void retryPolicyValidatesAndDoublesItsBackoffUpToTheCap() {
        ClusterRetryPolicy p = new ClusterRetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(350));
        assertThat(p.backoffBefore(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.backoffBefore(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoffBefore(4)).isEqualTo(Duration.ofMillis(350));
        assertThat(p.backoffBefore(6)).isEqualTo(Duration.ofMillis(350));
        assertThatThrownBy(() -> new ClusterRetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new ClusterRetryPolicy(2, Duration.ofMillis(-1), Duration.ZERO))
                .hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> new ClusterRetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff");
    }

    @Test
    void anEmptyIdempotencyKeyIsRefused() {
        members = TestClusters.start(1);
        assertThatThrownBy(() -> members.get(0).engine().submit("", new Slow("x", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idempotency key")
                .hasMessageContaining(Slow.class.getName());
    }
}
