package dev.lockstep.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BumpArenaTest {
    @Test
    void allocationsAreAlignedAndDisjoint() {
        try (BumpArena arena = BumpArena.create("bump", 4096)) {
            SplittableRandom random = new SplittableRandom(42);
            TreeMap<Long, MemorySegment> live = new TreeMap<>();
            List<Byte> stamps = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                long size = random.nextInt(0, 600);
                long alignment = 1L << random.nextInt(0, 9); // 1 .. 256
                MemorySegment s = arena.allocate(size, alignment);
                assertThat(s.byteSize()).isEqualTo(size);
                assertThat(s.address() % alignment)
                        .as("alignment %d", alignment)
                        .isZero();
                if (size > 0) {
                    Map.Entry<Long, MemorySegment> below = live.floorEntry(s.address());
                    if (below != null) {
                        assertThat(below.getKey() + below.getValue().byteSize()).isLessThanOrEqualTo(s.address());
                    }
                    Map.Entry<Long, MemorySegment> above = live.ceilingEntry(s.address());
                    if (above != null) {
                        assertThat(s.address() + size).isLessThanOrEqualTo(above.getKey());
                    }
                    live.put(s.address(), s);
                }
                byte stamp = (byte) i;
                s.fill(stamp);
                stamps.add(stamp);
            }
            for (MemorySegment s : live.values()) {
                byte first = s.get(ValueLayout.JAVA_BYTE, 0);
                assertThat(SlabAllocatorTest.allBytesAre(s, first)).isTrue();
            }
            assertThat(arena.chunkCount()).isGreaterThan(1);
        }
    }

    @Test
    void alignmentAboveTheChunkAlignmentIsHonoured() {
        try (BumpArena arena = BumpArena.create("big-align", 64 * 1024)) {
            arena.allocate(1);
            MemorySegment s = arena.allocate(10, 8192);
            assertThat(s.address() % 8192).isZero();
            MemorySegment huge = arena.allocate(16, 1 << 20); // alignment above the chunk size: oversize path
            assertThat(huge.address() % (1 << 20)).isZero();
        }
    }

    @Test
    void resetReusesChunksAndInvalidatesEarlierSegments() {
        try (BumpArena arena = BumpArena.create("frames", 1024)) {
            MemorySegment first = arena.allocate(100, 8);
            for (int i = 0; i < 20; i++) {
                arena.allocate(100, 8);
            }
            int chunks = arena.chunkCount();
            long reserved = arena.reservedBytes();
            assertThat(arena.allocatedBytes()).isEqualTo(2100);

            arena.reset();

            assertThat(arena.allocatedBytes()).isZero();
            assertThatThrownBy(() -> first.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
            MemorySegment again = arena.allocate(100, 8);
            assertThat(again.address()).isEqualTo(first.address()); // same memory, new scope
            again.set(ValueLayout.JAVA_BYTE, 0, (byte) 7);
            for (int i = 0; i < 20; i++) {
                arena.allocate(100, 8);
            }
            assertThat(arena.chunkCount()).isEqualTo(chunks);
            assertThat(arena.reservedBytes()).isEqualTo(reserved);
            assertThat(arena.resets()).isEqualTo(1);
        }
    }

    @Test
    void oversizeRequestsAreServedAndReleasedOnReset() {
        try (BumpArena arena = BumpArena.create("over", 1024)) {
            MemorySegment big = arena.allocate(10_000, 16);
            big.fill((byte) 1);
            assertThat(arena.reservedBytes()).isEqualTo(10_000);
            assertThat(arena.chunkCount()).isZero();
            arena.reset();
            assertThat(arena.reservedBytes()).isZero();
            assertThatThrownBy(() -> big.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void trimReleasesChunksUnusedSinceReset() {
        try (BumpArena arena = BumpArena.create("trim", 1024)) {
            for (int i = 0; i < 5; i++) {
                arena.allocate(1000);
            }
            assertThat(arena.chunkCount()).isEqualTo(5);
            arena.reset();
            arena.allocate(1000);
            assertThat(arena.trim()).isEqualTo(4 * 1024);
            assertThat(arena.chunkCount()).isEqualTo(1);
            arena.allocate(1000); // grows again
            assertThat(arena.chunkCount()).isEqualTo(2);
        }
    }

    @Test
    void useAfterCloseIsDetected() {
        BumpArena arena = BumpArena.create("closed");
        MemorySegment s = arena.allocate(64);
        arena.close();
        arena.close(); // idempotent
        assertThat(arena.isClosed()).isTrue();
        assertThatThrownBy(() -> arena.allocate(8))
                .isInstanceOf(UseAfterCloseException.class)
                .hasMessageContaining("'closed'");
        assertThatThrownBy(arena::reset).isInstanceOf(UseAfterCloseException.class);
        assertThatThrownBy(() -> s.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void otherThreadsAreRejected() throws Exception {
        try (BumpArena arena = BumpArena.create("mine")) {
            MemorySegment s = arena.allocate(8);
            AtomicReference<Throwable> allocate = new AtomicReference<>();
            AtomicReference<Throwable> access = new AtomicReference<>();
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    arena.allocate(8);
                } catch (Throwable t) {
                    allocate.set(t);
                }
                try {
                    s.get(ValueLayout.JAVA_BYTE, 0);
                } catch (Throwable t) {
                    access.set(t);
                }
            });
            other.join();
            assertThat(allocate.get()).isInstanceOf(WrongThreadException.class).hasMessageContaining("'mine'");
            assertThat(access.get()).isInstanceOf(WrongThreadException.class);
        }
    }

    @Test
    void worksAsASegmentAllocator() {
        try (BumpArena arena = BumpArena.create()) {
            MemorySegment text = arena.allocateFrom("hello, arena");
            assertThat(text.getString(0)).isEqualTo("hello, arena");
            MemorySegment number = arena.allocateFrom(ValueLayout.JAVA_LONG, 42L);
            assertThat(number.address() % 8).isZero();
            assertThat(number.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(42L);
        }
    }

    @Test
    void invalidRequestsAreRejected() {
        try (BumpArena arena = BumpArena.create("bad")) {
            assertThatThrownBy(() -> arena.allocate(-1, 8))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'bad'");
            assertThatThrownBy(() -> arena.allocate(8, 3)).isInstanceOf(IllegalArgumentException.class);
            assertThat(arena.allocate(0, 8).byteSize()).isZero();
        }
        assertThatThrownBy(() -> BumpArena.create("tiny", 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
