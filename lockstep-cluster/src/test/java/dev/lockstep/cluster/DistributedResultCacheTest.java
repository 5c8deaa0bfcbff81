package dev.lockstep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.core.cache.KeyValueStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two embedded members on loopback in this JVM, one cluster for the class, a fresh cache per test. */
@Timeout(60)
class DistributedResultCacheTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static List<ClusterMember> members;

    @BeforeAll
    static void startCluster() {
        members = TestClusters.start(2);
    }

    @AfterAll
    static void stopCluster() {
        TestClusters.closeAll(members);
    }

    /** The same cache (a fresh name per test) on member A and on member B. */
    private static <K, V> List<DistributedResultCache<K, V>> onBoth(Duration ttl) {
        String name = "t-" + UUID.randomUUID();
        return List.of(
                DistributedResultCache.create(members.get(0), name, ttl),
                DistributedResultCache.create(members.get(1), name, ttl));
    }

    @Test
    void aValueComputedOnOneMemberIsAHitOnAnotherWithoutRecomputing() {
        List<DistributedResultCache<String, String>> c = onBoth(MINUTE);
        AtomicInteger computations = new AtomicInteger();
        assertThat(c.get(0)
                        .get("k", k -> {
                            computations.incrementAndGet();
                            return Promise.completed("v-" + k);
                        })
                        .join())
                .isEqualTo("v-k");
        assertThat(c.get(1)
                        .get("k", k -> {
                            computations.incrementAndGet();
                            return Promise.completed("recomputed");
                        })
                        .join())
                .isEqualTo("v-k");
        assertThat(computations).hasValue(1);
        assertThat(c.get(1).getIfPresent("k").join()).isEqualTo("v-k");
        assertThat(c.get(1).getIfPresent("other").join()).isNull();
        assertThat(c.get(0).size()).isEqualTo(1);
        assertThat(c.get(0).mapName()).isEqualTo("lockstep-cache-" + c.get(0).name());
    }

    @Test
    void aValueExpiresAfterItsTtl() throws Exception {
        List<DistributedResultCache<String, String>> c = onBoth(Duration.ofSeconds(1));
        AtomicInteger computations = new AtomicInteger();
        c.get(0)
                .get("k", k -> Promise.completed("v" + computations.incrementAndGet()))
                .join();
        assertThat(c.get(1).getIfPresent("k").join()).isEqualTo("v1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (c.get(1).getIfPresent("k").join() != null) {
            assertThat(System.nanoTime()).as("expired within 20 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(c.get(1)
                        .get("k", k -> Promise.completed("v" + computations.incrementAndGet()))
                        .join())
                .isEqualTo("v2");
    }

    @Test
    void concurrentCallersOnOneMemberComputeOnce() throws Exception {
        DistributedResultCache<String, Long> cache =
                DistributedResultCache.create(members.get(0), "t-" + UUID.randomUUID(), MINUTE);
        AtomicInteger computations = new AtomicInteger();
        Promise<Long> slow = new Promise<>();
        CountDownLatch computing = new CountDownLatch(1);
        List<Future<Long>> futures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                Future<Long> f = cache.get("k", k -> {
                    computations.incrementAndGet();
                    computing.countDown();
                    return slow;
                });
                synchronized (futures) {
                    futures.add(f);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(computing.await(20, TimeUnit.SECONDS)).isTrue();
        Future<Long> late = cache.get("k", k -> {
            computations.incrementAndGet();
            return Promise.completed(-1L);
        });
        slow.complete(42L);
        for (Future<Long> f : futures) {
            assertThat(f.join()).isEqualTo(42L);
        }
        assertThat(late.join()).isEqualTo(42L);
        assertThat(computations).hasValue(1);
    }

    @Test
    void aFailureIsNotCached() {
        List<DistributedResultCache<String, String>> c = onBoth(MINUTE);
        AtomicInteger computations = new AtomicInteger();
        Future<String> failed = c.get(0).get("k", k -> {
            computations.incrementAndGet();
            return Promise.failed(new IllegalStateException("backend down"));
        });
        assertThatThrownBy(failed::join).hasRootCauseMessage("backend down");
        assertThat(c.get(1).getIfPresent("k").join()).isNull();
        Future<String> thrown = c.get(0).get("k", k -> {
            computations.incrementAndGet();
            throw new IllegalStateException("compute threw");
        });
        assertThatThrownBy(thrown::join).hasRootCauseMessage("compute threw");
        assertThat(c.get(0)
                        .get("k", k -> {
                            computations.incrementAndGet();
                            return Promise.completed("ok");
                        })
                        .join())
                .isEqualTo("ok");
        assertThat(computations).hasValue(3);
        assertThat(c.get(1).getIfPresent("k").join()).isEqualTo("ok");
    }

    @Test
    void theFirstStoredValueWinsWhenTwoMembersComputeOneKey() throws Exception {
        List<DistributedResultCache<String, String>> c = onBoth(MINUTE);
        Promise<String> onA = new Promise<>();
        Promise<String> onB = new Promise<>();
        CountDownLatch bothComputing = new CountDownLatch(2);
        Future<String> a = c.get(0).get("k", k -> {
            bothComputing.countDown();
            return onA;
        });
        Future<String> b = c.get(1).get("k", k -> {
            bothComputing.countDown();
            return onB;
        });
        assertThat(bothComputing.await(20, TimeUnit.SECONDS))
                .as("both members missed and computed")
                .isTrue();
        onA.complete("from A");
        assertThat(a.join()).isEqualTo("from A");
        onB.complete("from B"); // computed too, but A stored first
        assertThat(b.join()).isEqualTo("from A");
        assertThat(c.get(1).getIfPresent("k").join()).isEqualTo("from A");
    }

    @Test
    void invalidateForgetsTheKeyAcrossTheCluster() {
        List<DistributedResultCache<String, String>> c = onBoth(MINUTE);
        c.get(0).get("k", k -> Promise.completed("old")).join();
        c.get(0).get("j", k -> Promise.completed("kept")).join();
        c.get(1).invalidate("k").join();
        assertThat(c.get(0).getIfPresent("k").join()).isNull();
        assertThat(c.get(0).getIfPresent("j").join()).isEqualTo("kept");
        assertThat(c.get(0).get("k", k -> Promise.completed("new")).join()).isEqualTo("new");

        c.get(1).invalidateAll();
        assertThat(c.get(0).size()).isZero();
        assertThat(c.get(0).getIfPresent("j").join()).isNull();
    }

    @Test
    void aComputationInvalidatedWhileRunningAnswersButStoresNothing() {
        DistributedResultCache<String, String> cache =
                DistributedResultCache.create(members.get(0), "t-" + UUID.randomUUID(), MINUTE);
        Promise<String> slow = new Promise<>();
        CountDownLatch computing = new CountDownLatch(1);
        Future<String> f = cache.get("k", k -> {
            computing.countDown();
            return slow;
        });
        awaitLatch(computing);
        cache.invalidate("k").join();
        slow.complete("stale");
        assertThat(f.join()).isEqualTo("stale");
        assertThat(cache.getIfPresent("k").join()).isNull();
    }

    /** Not serializable by Hazelcast: not Serializable, and a field zero-config compact cannot take. */
    static final class Opaque {
        final Object handle = new Object();

        @Override
        public String toString() {
            return "Opaque";
        }
    }

    @Test
    void aKeyOrValueHazelcastCannotSerializeIsAnErrorNamingItsClass() {
        DistributedResultCache<Object, Object> cache =
                DistributedResultCache.create(members.get(0), "t-" + UUID.randomUUID(), MINUTE);
        assertThatThrownBy(() -> cache.get(new Opaque(), k -> Promise.completed("v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key of class " + Opaque.class.getName());
        assertThatThrownBy(() -> cache.getIfPresent(new Opaque()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key of class " + Opaque.class.getName());
        Future<Object> badValue = cache.get("k", k -> Promise.completed(new Opaque()));
        assertThatThrownBy(badValue::join)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .cause()
                .hasMessageContaining("value of class " + Opaque.class.getName())
                .hasMessageContaining("key k");
        assertThat(cache.getIfPresent("k").join()).isNull();
        assertThatThrownBy(() -> cache.asStore().put("k", new Opaque(), MINUTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value of class " + Opaque.class.getName());
        assertThatThrownBy(() -> cache.asStore().put(new Opaque(), "v", MINUTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key of class " + Opaque.class.getName());
    }

    @Test
    void theStoreViewPutsWithItsOwnTtlAndRejectsNulls() throws Exception {
        List<DistributedResultCache<String, byte[]>> c = onBoth(MINUTE);
        KeyValueStore<String, byte[]> a = c.get(0).asStore();
        KeyValueStore<String, byte[]> b = c.get(1).asStore();
        a.put("short", new byte[] {1}, Duration.ofSeconds(1)).join();
        a.put("long", new byte[] {2}, MINUTE).join();
        assertThat(b.get("short").join()).containsExactly(1);
        assertThat(b.get("long").join()).containsExactly(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (b.get("short").join() != null) {
            assertThat(System.nanoTime()).as("expired within 20 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(b.get("long").join()).containsExactly(2);
        b.remove("long").join();
        b.remove("never there").join();
        assertThat(a.get("long").join()).isNull();
        assertThatThrownBy(() -> a.put("nothing", null, MINUTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key nothing")
                .hasMessageContaining("null value");
        assertThatThrownBy(() -> a.put("k", new byte[0], Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key k")
                .hasMessageContaining("positive time to live");
    }

    @Test
    void aComputationYieldingNullFailsNamingTheKey() {
        DistributedResultCache<String, String> cache =
                DistributedResultCache.create(members.get(0), "t-" + UUID.randomUUID(), MINUTE);
        Future<String> f = cache.get("k", k -> Promise.completed(null));
        assertThatThrownBy(f::join).cause().hasMessageContaining("key k").hasMessageContaining("null");
        assertThatThrownBy(() -> DistributedResultCache.create(members.get(0), "x", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'")
                .hasMessageContaining("ttl");
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
