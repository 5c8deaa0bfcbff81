package dev.lockstep.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers read a shared block inside critical sections while a writer swaps in a new block and
 * retires the old one with {@link SlabAllocator#freeDeferred(Block)}. Every block is filled with its
 * generation number; a freed block is poisoned before its memory is reused. A reader that ever sees a
 * word other than the generation it expects has read freed (poisoned or reused) memory.
 */
class EpochReclaimerStressTest {
    private record Holder(Block block, long generation) {}

    @Test
    void readersNeverSeeFreedMemory() throws Exception {
        int swaps = Stress.isLong() ? 2_000_000 : 10_000;
        int readers = 3;
        EpochReclaimer ebr = EpochReclaimer.create("stress");
        try (SlabAllocator alloc = SlabAllocator.builder()
                .name("stress")
                .reclaimer(ebr)
                .poisonOnFree((byte) 0xDE)
                .build()) {
            AtomicReference<Holder> shared = new AtomicReference<>(fresh(alloc, 0));
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong violations = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    long mine = 0;
                    while (!done.get()) {
                        try (EpochReclaimer.Guard g = ebr.enter()) {
                            Holder h = shared.get();
                            MemorySegment s = h.block().segment();
                            for (long off = 0; off < s.byteSize(); off += 8) {
                                if (s.get(ValueLayout.JAVA_LONG, off) != h.generation()) {
                                    violations.incrementAndGet();
                                }
                            }
                        } catch (UseAfterFreeException e) {
                            violations.incrementAndGet();
                        }
                        mine++;
                    }
                    reads.addAndGet(mine);
                }));
            }
            for (long gen = 1; gen <= swaps; gen++) {
                Holder next = fresh(alloc, gen);
                Holder old = shared.getAndSet(next); // unlink ...
                alloc.freeDeferred(old.block()); // ... then retire
            }
            done.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(violations).hasValue(0);
            assertThat(reads.get()).isPositive();
            ebr.close(); // no reader left: runs every pending free
            assertThat(ebr.pending()).isZero();
            assertThat(alloc.stats().liveBlocks()).isEqualTo(1); // only the last block is live
        }
    }

    /** A block of alternately small and large size, every word holding {@code generation}. */
    private static Holder fresh(SlabAllocator alloc, long generation) {
        long size = generation % 2 == 0 ? 256 : 8192;
        Block b = alloc.allocate(size);
        MemorySegment s = b.segment();
        for (long off = 0; off < size; off += 8) {
            s.set(ValueLayout.JAVA_LONG, off, generation);
        }
        return new Holder(b, generation);
    }
}
