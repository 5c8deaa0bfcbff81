package dev.lockstep.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ObjectPoolTest {
    /** A pooled object with an "in use" flag that a holder sets while it holds the object. */
    static final class Item {
        final int id;
        final AtomicBoolean inUse = new AtomicBoolean();
        int resets;

        Item(int id) {
            this.id = id;
        }
    }

    private static ObjectPool<Item> pool(String name, int capacity, ObjectPool.Mode mode) {
        AtomicInteger ids = new AtomicInteger();
        return ObjectPool.<Item>builder(() -> new Item(ids.getAndIncrement()))
                .name(name)
                .capacity(capacity)
                .mode(mode)
                .build();
    }

    @Test
    void staticExhaustionNamesPoolAndCapacity() {
        ObjectPool<Item> pool = pool("frames", 3, ObjectPool.Mode.STATIC);
        for (int i = 0; i < 3; i++) {
            pool.acquire();
        }
        assertThatThrownBy(pool::acquire)
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("'frames'")
                .hasMessageContaining("3")
                .satisfies(e -> {
                    PoolExhaustedException p = (PoolExhaustedException) e;
                    assertThat(p.poolName()).isEqualTo("frames");
                    assertThat(p.capacity()).isEqualTo(3);
                });
        assertThat(pool.tryAcquire()).isNull();
        assertThat(pool.stats().created()).isEqualTo(3);
    }

    @Test
    void staticPoolHandsOutEachObjectOnceUntilReleased() {
        ObjectPool<Item> pool = pool("p", 4, ObjectPool.Mode.STATIC);
        Set<Item> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            assertThat(seen.add(pool.acquire())).isTrue();
        }
        Item back = seen.iterator().next();
        pool.release(back);
        assertThat(pool.acquire()).isSameAs(back);
    }

    @Test
    void growPoolGrowsByDoublingByDefault() {
        ObjectPool<Item> pool = pool("g", 2, ObjectPool.Mode.GROW);
        List<Item> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(pool.acquire());
        }
        assertThat(held).doesNotHaveDuplicates();
        assertThat(pool.capacity()).isEqualTo(8); // 2 -> 4 -> 8
        assertThat(pool.stats().created()).isEqualTo(8);
        assertThat(pool.stats().outstanding()).isEqualTo(5);
    }

    @Test
    void growPoolGrowsByItsChunkUpToMaxCapacity() {
        AtomicInteger ids = new AtomicInteger();
        ObjectPool<Item> pool = ObjectPool.<Item>builder(() -> new Item(ids.getAndIncrement()))
                .name("chunky")
                .capacity(2)
                .growBy(3)
                .maxCapacity(6)
                .build();
        for (int i = 0; i < 6; i++) {
            pool.acquire();
        }
        assertThat(pool.capacity()).isEqualTo(6); // 2 -> 5 -> 6 (capped)
        assertThatThrownBy(pool::acquire)
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("'chunky'")
                .hasMessageContaining("maximum capacity 6");
    }

    @Test
    void doubleReleaseIsDetected() {
        ObjectPool<Item> pool = pool("dbl", 2, ObjectPool.Mode.STATIC);
        Item item = pool.acquire();
        pool.release(item);
        assertThatThrownBy(() -> pool.release(item))
                .isInstanceOf(DoubleFreeException.class)
                .hasMessageContaining("'dbl'")
                .hasMessageContaining(ObjectPoolTest.Item.class.getName());
        assertThat(pool.stats().released()).isEqualTo(1);
    }

    @Test
    void releasingAnObjectNeverAcquiredIsDetected() {
        ObjectPool<Item> pool = pool("fresh", 1, ObjectPool.Mode.STATIC);
        Item item = pool.acquire();
        pool.release(item); // now free in the pool
        assertThatThrownBy(() -> pool.release(item)).isInstanceOf(DoubleFreeException.class);
    }

    @Test
    void foreignReleaseIsDetected() {
        ObjectPool<Item> a = pool("a", 2, ObjectPool.Mode.STATIC);
        ObjectPool<Item> b = pool("b", 2, ObjectPool.Mode.STATIC);
        Item fromB = b.acquire();
        assertThatThrownBy(() -> a.release(fromB))
                .isInstanceOf(ForeignBlockException.class)
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> a.release(new Item(99))).isInstanceOf(ForeignBlockException.class);
        b.release(fromB); // still fine in its own pool
    }

    @Test
    void identityNotEqualsDecidesMembership() {
        record Same(int x) {}
        ObjectPool<Same> pool = ObjectPool.create(() -> new Same(1), 2, ObjectPool.Mode.STATIC);
        Same s = pool.acquire();
        assertThatThrownBy(() -> pool.release(new Same(1))).isInstanceOf(ForeignBlockException.class);
        pool.release(s);
    }

    @Test
    void pooledRefDetectsStaleReleaseAfterReuse() {
        ObjectPool<Item> pool = pool("refs", 1, ObjectPool.Mode.STATIC);
        PooledRef<Item> first = pool.acquireRef();
        Item item = first.get();
        first.close();
        PooledRef<Item> second = pool.acquireRef(); // same object, new hand-out
        assertThat(second.get()).isSameAs(item);
        assertThatThrownBy(first::close)
                .isInstanceOf(DoubleFreeException.class)
                .hasMessageContaining("handed out again");
        assertThatThrownBy(first::get).isInstanceOf(UseAfterFreeException.class);
        second.close(); // the stale release did not steal the second hand-out
        assertThat(pool.stats().outstanding()).isZero();
    }

    @Test
    void resetHookRunsOnRelease() {
        ObjectPool<Item> pool = ObjectPool.<Item>builder(() -> new Item(0))
                .capacity(1)
                .mode(ObjectPool.Mode.STATIC)
                .reset(i -> i.resets++)
                .build();
        Item item = pool.acquire();
        pool.release(item);
        assertThat(item.resets).isEqualTo(1);
    }

    @Test
    void failingResetDiscardsTheObjectAndStaticPoolReplacesIt() {
        AtomicInteger ids = new AtomicInteger();
        ObjectPool<Item> pool = ObjectPool.<Item>builder(() -> new Item(ids.getAndIncrement()))
                .name("fragile")
                .capacity(1)
                .mode(ObjectPool.Mode.STATIC)
                .reset(i -> {
                    if (i.id == 0) {
                        throw new IllegalStateException("cannot reset");
                    }
                })
                .build();
        Item broken = pool.acquire();
        assertThatThrownBy(() -> pool.release(broken))
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining("'fragile'")
                .hasMessageContaining("discarded")
                .hasCauseInstanceOf(IllegalStateException.class);
        Item replacement = pool.acquire();
        assertThat(replacement.id).isEqualTo(1);
        assertThatThrownBy(() -> pool.release(broken))
                .isInstanceOf(DoubleFreeException.class)
                .hasMessageContaining("discarded");
        assertThat(pool.stats().discarded()).isEqualTo(1);
        assertThat(pool.stats().capacity()).isEqualTo(1);
    }

    @Test
    void statsCountAcquiredReleasedOutstandingCreated() {
        ObjectPool<Item> pool = pool("stats", 4, ObjectPool.Mode.STATIC);
        Item a = pool.acquire();
        pool.acquire();
        pool.release(a);
        ObjectPool.Stats s = pool.stats();
        assertThat(s.name()).isEqualTo("stats");
        assertThat(s.created()).isEqualTo(4);
        assertThat(s.acquired()).isEqualTo(2);
        assertThat(s.released()).isEqualTo(1);
        assertThat(s.outstanding()).isEqualTo(1);
    }

    @Test
    void badFactoriesAreReported() {
        assertThatThrownBy(() -> ObjectPool.create(() -> null, 1, ObjectPool.Mode.STATIC))
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining("returned null");
        Item singleton = new Item(0);
        assertThatThrownBy(() -> ObjectPool.create(() -> singleton, 2, ObjectPool.Mode.STATIC))
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining("returned before");
        assertThatThrownBy(() -> ObjectPool.create(() -> new Item(0), 0, ObjectPool.Mode.STATIC))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentHoldersNeverShareAnObject() throws Exception {
        int threads = 4;
        int rounds = Stress.isLong() ? 2_000_000 : 50_000;
        for (ObjectPool.Mode mode : ObjectPool.Mode.values()) {
            ObjectPool<Item> pool = pool("shared-" + mode, 3, mode);
            AtomicInteger violations = new AtomicInteger();
            AtomicInteger exhausted = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < rounds; i++) {
                        Item item = pool.tryAcquire();
                        if (item == null) {
                            exhausted.incrementAndGet();
                            continue;
                        }
                        if (!item.inUse.compareAndSet(false, true)) {
                            violations.incrementAndGet(); // another holder has it
                        }
                        Thread.onSpinWait();
                        item.inUse.set(false);
                        pool.release(item);
                    }
                }));
            }
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            assertThat(violations).as(mode.name()).hasValue(0);
            ObjectPool.Stats s = pool.stats();
            assertThat(s.outstanding()).isZero();
            assertThat(s.acquired()).isEqualTo((long) threads * rounds - exhausted.get());
            if (mode == ObjectPool.Mode.GROW) {
                assertThat(exhausted).hasValue(0);
                // each thread keeps at most one object off the free list, so the list can only run
                // dry while the pool holds at most 4: it grows once, from 3 to 6, never further
                assertThat(s.capacity()).isIn(3, 6);
            }
            // every object made is back on the free list exactly once
            Set<Item> all = new HashSet<>();
            Item i;
            while ((i = pool.tryAcquire()) != null && all.add(i)) {
                if (mode == ObjectPool.Mode.GROW && all.size() == s.capacity()) {
                    break;
                }
            }
            assertThat(all).hasSize(s.capacity());
        }
    }
}
