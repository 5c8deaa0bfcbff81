package dev.lockstep.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlabAllocatorTest {
    private static final int K = 1024;

    @Test
    void allocateAndFreeInEverySizeClass() {
        try (SlabAllocator alloc = SlabAllocator.builder().name("classes").build()) {
            List<Integer> classes = SlabAllocator.sizeClasses();
            assertThat(classes).hasSize(28).startsWith(16, 32, 48).endsWith(3072, 3584, 4096);
            List<Block> live = new ArrayList<>();
            int previous = 0;
            for (int size : classes) {
                for (int request : new int[] {previous + 1, size}) {
                    Block b = alloc.allocate(request);
                    assertThat(b.isSmall()).isTrue();
                    assertThat(b.usableSize()).as("request %d", request).isEqualTo(size);
                    assertThat(b.address() % SlabAllocator.ALIGNMENT).isZero();
                    b.segment().fill((byte) size);
                    live.add(b);
                }
                previous = size;
            }
            SlabAllocator.Stats s = alloc.stats();
            assertThat(s.liveBlocks()).isEqualTo(2L * classes.size());
            assertThat(s.classes()).allSatisfy(c -> {
                assertThat(c.slotsInUse()).isEqualTo(2);
                assertThat(c.slabs()).isEqualTo(1);
                assertThat(c.slotsInUse() + c.slotsFree()).isEqualTo(SlabAllocator.SLAB_SIZE / c.slotSize());
            });
            for (Block b : live) {
                byte expected = (byte) b.usableSize();
                assertThat(b.segment().elements(ValueLayout.JAVA_BYTE))
                        .allMatch(e -> e.get(ValueLayout.JAVA_BYTE, 0) == expected);
                alloc.free(b);
            }
            assertThat(alloc.stats().bytesInUse()).isZero();
            assertThat(alloc.stats().classes())
                    .allSatisfy(c -> assertThat(c.slotsInUse()).isZero());
        }
    }

    @Test
    void everySmallRequestTakesTheSmallestClassThatHoldsIt() {
        try (SlabAllocator alloc = SlabAllocator.create()) {
            List<Integer> classes = SlabAllocator.sizeClasses();
            for (int request = 1; request <= SlabAllocator.MAX_SMALL_SIZE; request++) {
                int r = request;
                int expected = classes.stream().filter(c -> c >= r).findFirst().orElseThrow();
                Block b = alloc.allocate(request);
                assertThat(b.usableSize()).as("request %d", request).isEqualTo(expected);
                alloc.free(b);
            }
            Block large = alloc.allocate(SlabAllocator.MAX_SMALL_SIZE + 1);
            assertThat(large.isSmall()).isFalse();
            assertThat(large.usableSize()).isEqualTo(SlabAllocator.MAX_SMALL_SIZE + 16);
        }
    }

    @Test
    void bestFitPicksTheSmallestAdequateHole() {
        // One 64 KiB chunk laid out as: a 8K | pin 8K | b 20K | pin 8K | c 12K | pin 8K  (exactly full)
        try (SlabAllocator alloc =
                SlabAllocator.builder().name("fit").chunkSize(64 * K).build()) {
            Block a = alloc.allocate(8 * K);
            Block p1 = alloc.allocate(8 * K);
            Block b = alloc.allocate(20 * K);
            Block p2 = alloc.allocate(8 * K);
            Block c = alloc.allocate(12 * K);
            Block p3 = alloc.allocate(8 * K);
            assertContiguous(a, p1, b, p2, c, p3);
            assertThat(alloc.stats().largeFreeBytes()).isZero();
            alloc.free(a);
            alloc.free(b);
            alloc.free(c);

            Block fit = alloc.allocate(10 * K);

            // first fit (lowest address that fits) would take b's 20K hole; best fit takes c's 12K hole
            assertThat(fit.address()).isEqualTo(c.address());
            assertThat(alloc.stats().largestFreeBlock()).isEqualTo(20 * K);
            assertThat(alloc.stats().chunks()).isEqualTo(1);
            assertThat(List.of(p1, p2, p3)).allMatch(Block::isLive);
        }
    }

    @Test
    void fragmentationStatsFollowTheFormula() {
        try (SlabAllocator alloc = SlabAllocator.builder().chunkSize(64 * K).build()) {
            assertThat(alloc.stats().fragmentation()).isZero(); // nothing free yet
            Block a = alloc.allocate(8 * K);
            alloc.allocate(8 * K);
            Block b = alloc.allocate(20 * K);
            alloc.allocate(8 * K);
            Block c = alloc.allocate(12 * K);
            alloc.allocate(8 * K);
            alloc.free(a);
            alloc.free(b);
            alloc.free(c);
            SlabAllocator.Stats s = alloc.stats();
            assertThat(s.largeFreeBytes()).isEqualTo(40 * K);
            assertThat(s.largestFreeBlock()).isEqualTo(20 * K);
            assertThat(s.largeFreeSpans()).isEqualTo(3);
            assertThat(s.fragmentation()).isCloseTo(1 - 20.0 / 40.0, within(1e-12));
            alloc.allocate(10 * K); // 8K + 20K + 2K free
            assertThat(alloc.stats().fragmentation()).isCloseTo(1 - 20.0 / 30.0, within(1e-12));
        }
    }

    @Test
    void adjacentFreeBlocksCoalesce() {
        try (SlabAllocator alloc = SlabAllocator.builder().chunkSize(256 * K).build()) {
            Block x = alloc.allocate(64 * K);
            Block y = alloc.allocate(64 * K);
            Block z = alloc.allocate(128 * K); // chunk now full
            assertContiguous(x, y, z);
            long reserved = alloc.stats().reservedBytes();

            alloc.free(x);
            alloc.free(y);
            SlabAllocator.Stats s = alloc.stats();
            assertThat(s.largeFreeSpans()).isEqualTo(1);
            assertThat(s.largestFreeBlock()).isEqualTo(128 * K);

            Block combined = alloc.allocate(128 * K); // fits only in the merged hole
            assertThat(combined.address()).isEqualTo(x.address());
            assertThat(alloc.stats().reservedBytes()).isEqualTo(reserved);

            alloc.free(z); // merges with nothing: its left neighbour is live
            alloc.free(combined); // merges with z's span on its right
            assertThat(alloc.stats().largeFreeSpans()).isEqualTo(1);
            assertThat(alloc.stats().largestFreeBlock()).isEqualTo(256 * K);
        }
    }

    @Test
    void emptySlabsReturnToTheLargeRegion() {
        try (SlabAllocator alloc = SlabAllocator.create()) {
            int perSlab = SlabAllocator.SLAB_SIZE / 16;
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < 2 * perSlab + 1; i++) {
                blocks.add(alloc.allocate(16));
            }
            assertThat(alloc.stats().classes().getFirst().slabs()).isEqualTo(3);
            blocks.forEach(alloc::free);
            SlabAllocator.Stats s = alloc.stats();
            assertThat(s.classes().getFirst().slabs()).isEqualTo(1); // one empty slab kept
            assertThat(s.largeFreeBytes()).isEqualTo(s.reservedBytes() - SlabAllocator.SLAB_SIZE);
            assertThat(s.bytesInUse()).isZero();
        }
    }

    @Test
    void doubleFreeIsDetected() {
        try (SlabAllocator alloc = SlabAllocator.builder().name("dbl").build()) {
            for (long size : new long[] {40, 40_000}) {
                Block b = alloc.allocate(size);
                alloc.free(b);
                assertThatThrownBy(() -> alloc.free(b))
                        .isInstanceOf(DoubleFreeException.class)
                        .hasMessageContaining("0x" + Long.toHexString(b.address()))
                        .hasMessageContaining("'dbl'")
                        .hasMessageContaining("freed twice");
            }
            assertThat(alloc.stats().bytesInUse()).isZero();
        }
    }

    @Test
    void freeAfterFreeDeferredIsADoubleFree() {
        EpochReclaimer ebr = EpochReclaimer.create("r");
        try (SlabAllocator alloc =
                SlabAllocator.builder().name("d").reclaimer(ebr).build()) {
            Block b = alloc.allocate(64);
            alloc.freeDeferred(b);
            assertThatThrownBy(() -> alloc.free(b))
                    .isInstanceOf(DoubleFreeException.class)
                    .hasMessageContaining("retired");
            assertThatThrownBy(() -> alloc.freeDeferred(b)).isInstanceOf(DoubleFreeException.class);
            ebr.close(); // no readers: runs the deferred free
            assertThat(alloc.stats().bytesInUse()).isZero();
        }
    }

    @Test
    void freeDeferredNeedsAReclaimer() {
        try (SlabAllocator alloc = SlabAllocator.builder().name("plain").build()) {
            Block b = alloc.allocate(64);
            assertThatThrownBy(() -> alloc.freeDeferred(b))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'plain'");
            assertThat(b.isLive()).isTrue();
        }
    }

    @Test
    void foreignBlockIsDetected() {
        try (SlabAllocator a = SlabAllocator.builder().name("a").build();
                SlabAllocator b = SlabAllocator.builder().name("b").build()) {
            Block fromB = b.allocate(100);
            assertThatThrownBy(() -> a.free(fromB))
                    .isInstanceOf(ForeignBlockException.class)
                    .hasMessageContaining("'a'")
                    .hasMessageContaining("'b'")
                    .hasMessageContaining("0x" + Long.toHexString(fromB.address()));
            assertThat(fromB.isLive()).isTrue();
            b.free(fromB);
        }
    }

    @Test
    void useAfterCloseIsDetected() {
        SlabAllocator alloc = SlabAllocator.builder().name("gone").build();
        Block small = alloc.allocate(64);
        Block large = alloc.allocate(10_000);
        MemorySegment view = small.segment();
        alloc.close();
        alloc.close(); // idempotent
        assertThat(alloc.isClosed()).isTrue();
        assertThatThrownBy(() -> alloc.allocate(64))
                .isInstanceOf(UseAfterCloseException.class)
                .hasMessageContaining("'gone'")
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> alloc.free(large)).isInstanceOf(UseAfterCloseException.class);
        assertThatThrownBy(small::segment).isInstanceOf(UseAfterCloseException.class);
        assertThatThrownBy(() -> view.get(ValueLayout.JAVA_INT, 0))
                .isInstanceOf(IllegalStateException.class); // the JDK's check: the arena is closed
        assertThat(alloc.stats().liveBlocks()).isEqualTo(2); // stats stay readable
    }

    @Test
    void segmentOfAFreedBlockIsRefused() {
        try (SlabAllocator alloc = SlabAllocator.create()) {
            Block b = alloc.allocate(64);
            alloc.free(b);
            assertThatThrownBy(b::segment)
                    .isInstanceOf(UseAfterFreeException.class)
                    .hasMessageContaining("0x" + Long.toHexString(b.address()));
        }
    }

    @Test
    void requestsOutsideTheLimitsAreRejected() {
        try (SlabAllocator alloc =
                SlabAllocator.builder().name("lim").chunkSize(128 * K).build()) {
            assertThat(alloc.maxBlockSize()).isEqualTo(128 * K);
            assertThatThrownBy(() -> alloc.allocate(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> alloc.allocate(128 * K + 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'lim'")
                    .hasMessageContaining("maxBlockSize " + 128 * K);
            assertThat(alloc.allocate(128 * K).size()).isEqualTo(128 * K);
        }
        assertThatThrownBy(() -> SlabAllocator.builder().chunkSize(1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reservingBeyondTheLimitIsAnError() {
        try (SlabAllocator alloc = SlabAllocator.builder()
                .name("capped")
                .chunkSize(64 * K)
                .maxReservedBytes(64 * K)
                .build()) {
            Block whole = alloc.allocate(64 * K);
            assertThatThrownBy(() -> alloc.allocate(16))
                    .isInstanceOf(MemoryExhaustedException.class)
                    .hasMessageContaining("'capped'")
                    .hasMessageContaining("maxReservedBytes " + 64 * K);
            alloc.free(whole);
            assertThat(alloc.allocate(16).isLive()).isTrue(); // the freed chunk serves a slab
        }
    }

    @Test
    void poisonOnFreeFillsFreedMemory() {
        try (SlabAllocator alloc =
                SlabAllocator.builder().poisonOnFree((byte) 0xDE).build()) {
            for (long size : new long[] {32, 9000}) {
                Block b = alloc.allocate(size);
                MemorySegment stale = b.segment();
                stale.fill((byte) 0x11);
                alloc.free(b);
                assertThat(stale.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 0xDE);
                assertThat(stale.get(ValueLayout.JAVA_BYTE, size - 1)).isEqualTo((byte) 0xDE);
            }
        }
    }

    @Test
    void concurrentAllocateAndFreeKeepBlocksPrivate() throws Exception {
        int threads = 4;
        int rounds = Stress.isLong() ? 500_000 : 20_000;
        AtomicInteger corrupt = new AtomicInteger();
        try (SlabAllocator alloc = SlabAllocator.builder().chunkSize(256 * K).build()) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte mark = (byte) (t + 1);
                long seed = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    List<Block> mine = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        if (mine.size() < 16 && (mine.isEmpty() || random.nextBoolean())) {
                            long size = random.nextInt(8) == 0 ? random.nextInt(4097, 40_000) : random.nextInt(1, 4097);
                            Block b = alloc.allocate(size);
                            b.segment().fill(mark);
                            mine.add(b);
                        } else {
                            Block b = mine.remove(random.nextInt(mine.size()));
                            if (!allBytesAre(b.segment(), mark)) {
                                corrupt.incrementAndGet();
                            }
                            alloc.free(b);
                        }
                    }
                    mine.forEach(alloc::free);
                }));
            }
            for (Thread w : workers) {
                w.join();
            }
            assertThat(corrupt).hasValue(0);
            SlabAllocator.Stats s = alloc.stats();
            assertThat(s.liveBlocks()).isZero();
            assertThat(s.bytesInUse()).isZero();
            assertThat(s.usableBytesInUse()).isZero();
        }
    }

    static boolean allBytesAre(MemorySegment segment, byte value) {
        for (long i = 0; i < segment.byteSize(); i++) {
            if (segment.get(ValueLayout.JAVA_BYTE, i) != value) {
                return false;
            }
        }
        return true;
    }

    private static void assertContiguous(Block... blocks) {
        for (int i = 1; i < blocks.length; i++) {
            assertThat(blocks[i].address())
                    .as("block %d follows block %d", i, i - 1)
                    .isEqualTo(blocks[i - 1].address() + blocks[i - 1].usableSize());
        }
    }
}
