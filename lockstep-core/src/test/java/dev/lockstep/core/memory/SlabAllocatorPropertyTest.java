package dev.lockstep.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class SlabAllocatorPropertyTest {
    sealed interface Op permits Alloc, Free {}

    record Alloc(long size) implements Op {}

    /** Frees the live block at {@code index modulo live count}; a no-op when nothing is live. */
    record Free(int index) implements Op {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> small = Arbitraries.longs().between(1, 4096).map(Alloc::new);
        Arbitrary<Op> large = Arbitraries.longs().between(4097, 100_000).map(Alloc::new);
        Arbitrary<Op> free = Arbitraries.integers().between(0, 1_000).map(Free::new);
        return Arbitraries.frequencyOf(Tuple.of(4, small), Tuple.of(2, large), Tuple.of(4, free))
                .list()
                .ofMinSize(1)
                .ofMaxSize(200);
    }

    @Property(tries = 200)
    void liveBlocksNeverOverlapAndBytesInUseAddUp(@ForAll("ops") List<Op> ops) {
        try (SlabAllocator alloc =
                SlabAllocator.builder().name("prop").chunkSize(256 * 1024).build()) {
            List<Block> live = new ArrayList<>();
            TreeMap<Long, Block> byAddress = new TreeMap<>();
            long expectedInUse = 0;
            Map<Block, Byte> stamps = new IdentityHashMap<>();
            byte stamp = 0;
            for (Op op : ops) {
                switch (op) {
                    case Alloc(long size) -> {
                        Block b = alloc.allocate(size);
                        assertThat(b.address() % SlabAllocator.ALIGNMENT).isZero();
                        assertThat(b.usableSize()).isGreaterThanOrEqualTo(size);
                        Map.Entry<Long, Block> below = byAddress.floorEntry(b.address());
                        if (below != null) {
                            assertThat(below.getKey() + below.getValue().usableSize())
                                    .as("%s overlaps %s", b, below.getValue())
                                    .isLessThanOrEqualTo(b.address());
                        }
                        Map.Entry<Long, Block> above = byAddress.ceilingEntry(b.address());
                        if (above != null) {
                            assertThat(b.address() + b.usableSize())
                                    .as("%s overlaps %s", b, above.getValue())
                                    .isLessThanOrEqualTo(above.getKey());
                        }
                        stamp++;
                        b.segment().fill(stamp);
                        stamps.put(b, stamp);
                        live.add(b);
                        byAddress.put(b.address(), b);
                        expectedInUse += size;
                    }
                    case Free(int index) -> {
                        if (!live.isEmpty()) {
                            Block b = live.remove(index % live.size());
                            byAddress.remove(b.address());
                            alloc.free(b);
                            expectedInUse -= b.size();
                        }
                    }
                }
                SlabAllocator.Stats s = alloc.stats();
                assertThat(s.bytesInUse()).isEqualTo(expectedInUse);
                assertThat(s.liveBlocks()).isEqualTo(live.size());
                assertThat(s.usableBytesInUse())
                        .isEqualTo(live.stream().mapToLong(Block::usableSize).sum());
            }
            // every live block still holds its own stamp: no allocation or free wrote into it
            for (Block b : live) {
                assertThat(SlabAllocatorTest.allBytesAre(b.segment(), stamps.get(b)))
                        .as("%s intact", b)
                        .isTrue();
            }
        }
    }
}
