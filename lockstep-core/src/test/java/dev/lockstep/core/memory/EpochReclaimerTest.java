package dev.lockstep.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EpochReclaimerTest {
    private static final byte POISON = (byte) 0xDE;

    @Test
    void retiredBlockWaitsForReaderToLeave() throws Exception {
        EpochReclaimer ebr = EpochReclaimer.create("ebr");
        try (SlabAllocator alloc = SlabAllocator.builder()
                .name("deferred")
                .reclaimer(ebr)
                .poisonOnFree(POISON)
                .build()) {
            Block block = alloc.allocate(64);
            block.segment().fill((byte) 0x11);
            AtomicReference<Block> shared = new AtomicReference<>(block);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch mayLeave = new CountDownLatch(1);
            AtomicInteger seen = new AtomicInteger();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (EpochReclaimer.Guard g = ebr.enter()) {
                    Block b = shared.get();
                    inside.countDown();
                    mayLeave.await();
                    seen.set(b.segment().get(ValueLayout.JAVA_BYTE, 0)); // still ours: not reclaimed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            inside.await();

            shared.set(null); // unlink, then retire
            alloc.freeDeferred(block);
            for (int i = 0; i < 5; i++) {
                assertThat(ebr.tryReclaim()).isZero();
            }
            assertThat(ebr.pending()).isEqualTo(1);
            assertThat(ebr.activeReaders()).isEqualTo(1);
            assertThat(alloc.stats().liveBlocks()).isEqualTo(1);
            assertThat(block.segment().get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 0x11);

            mayLeave.countDown();
            reader.join();
            assertThat(seen).hasValue(0x11);
            assertThat(ebr.tryReclaim()).isEqualTo(1);
            assertThat(ebr.pending()).isZero();
            assertThat(alloc.stats().liveBlocks()).isZero();
            assertThatThrownBy(block::segment).isInstanceOf(UseAfterFreeException.class);
        }
    }

    @Test
    void readerThatEnteredAfterTheRetireDoesNotHoldItBack() {
        EpochReclaimer ebr = EpochReclaimer.create();
        AtomicBoolean ran = new AtomicBoolean();
        EpochReclaimer.Guard early = ebr.enter(); // announces epoch 0
        ebr.retire(() -> ran.set(true)); // retired in epoch 0
        assertThat(ebr.tryReclaim()).isZero(); // 0 -> 1 allowed (early is in 0); 1 -> 2 blocked by early
        assertThat(ebr.epoch()).isEqualTo(1);
        early.close();
        EpochReclaimer.Guard late = ebr.enter(); // announces epoch 1: cannot have seen the retired object
        assertThat(ebr.tryReclaim()).isEqualTo(1); // 1 -> 2 allowed: runs what was retired in 0
        assertThat(ran).isTrue();
        assertThat(ebr.epoch()).isEqualTo(2); // 2 -> 3 blocked by late, which is still inside
        late.close();
    }

    @Test
    void nestedGuardsHoldUntilTheOutermostCloses() {
        EpochReclaimer ebr = EpochReclaimer.create();
        AtomicBoolean ran = new AtomicBoolean();
        EpochReclaimer.Guard outer = ebr.enter();
        EpochReclaimer.Guard inner = ebr.enter();
        ebr.retire(() -> ran.set(true));
        inner.close();
        ebr.tryReclaim();
        ebr.tryReclaim();
        assertThat(ran).isFalse();
        outer.close();
        ebr.tryReclaim();
        assertThat(ran).isTrue();
    }

    @Test
    void retireWithoutReadersRunsOnTheNextReclaim() {
        EpochReclaimer ebr = EpochReclaimer.create();
        AtomicInteger ran = new AtomicInteger();
        ebr.retire(ran::incrementAndGet);
        ebr.retire(ran::incrementAndGet);
        assertThat(ebr.pending()).isEqualTo(2);
        assertThat(ebr.tryReclaim()).isEqualTo(2);
        assertThat(ran).hasValue(2);
        assertThat(ebr.epoch()).isEqualTo(2);
    }

    @Test
    void everyThresholdthRetireReclaims() {
        EpochReclaimer ebr = EpochReclaimer.builder().reclaimThreshold(4).build();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            ebr.retire(ran::incrementAndGet);
        }
        assertThat(ran).hasValue(0);
        ebr.retire(ran::incrementAndGet);
        assertThat(ran).hasValue(4);
    }

    @Test
    void failingActionDoesNotStopTheOthers() {
        EpochReclaimer ebr = EpochReclaimer.create();
        AtomicInteger ran = new AtomicInteger();
        ebr.retire(() -> {
            throw new IllegalStateException("first");
        });
        ebr.retire(ran::incrementAndGet);
        ebr.retire(() -> {
            throw new IllegalArgumentException("second");
        });
        assertThatThrownBy(ebr::tryReclaim).satisfies(e -> {
            assertThat(e.getSuppressed()).hasSize(1);
        });
        assertThat(ran).hasValue(1);
        assertThat(ebr.pending()).isZero();
    }

    @Test
    void closeRunsPendingActionsAndRefusesFurtherUse() {
        EpochReclaimer ebr = EpochReclaimer.create("closing");
        AtomicBoolean ran = new AtomicBoolean();
        ebr.retire(() -> ran.set(true));
        ebr.close();
        assertThat(ran).isTrue();
        assertThatThrownBy(ebr::enter)
                .isInstanceOf(UseAfterCloseException.class)
                .hasMessageContaining("'closing'");
        assertThatThrownBy(() -> ebr.retire(() -> {}))
                .isInstanceOf(UseAfterCloseException.class)
                .hasMessageContaining("'closing'");
        assertThat(ebr.activeReaders()).isZero(); // the refused enter left no announcement behind
    }

    @Test
    void closeWithAReaderInsideRunsNothingAndCanBeRetried() {
        EpochReclaimer ebr = EpochReclaimer.create("busy");
        AtomicBoolean ran = new AtomicBoolean();
        EpochReclaimer.Guard g = ebr.enter();
        ebr.retire(() -> ran.set(true));
        assertThatThrownBy(ebr::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'busy'")
                .hasMessageContaining("1 thread(s)");
        assertThat(ran).isFalse();
        g.close();
        ebr.close();
        assertThat(ran).isTrue();
    }

    @Test
    void guardMisuseIsReported() throws Exception {
        EpochReclaimer ebr = EpochReclaimer.create("guards");
        EpochReclaimer.Guard g = ebr.enter();
        AtomicReference<Throwable> fromOther = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                g.close();
            } catch (Throwable t) {
                fromOther.set(t);
            }
        });
        other.join();
        assertThat(fromOther.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("'guards'");
        g.close();
        assertThatThrownBy(g::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("more often");
    }

    @Test
    void aDeadThreadsRecordIsIgnoredAndReused() throws Exception {
        EpochReclaimer ebr = EpochReclaimer.create();
        Thread leaker = Thread.ofPlatform().start(ebr::enter); // enters and dies without leaving
        leaker.join();
        leaker = null;
        AtomicBoolean ran = new AtomicBoolean();
        ebr.retire(() -> ran.set(true));
        for (int i = 0; i < 100 && ebr.activeReaders() > 0; i++) {
            System.gc(); // the record holds its thread weakly; a collected thread can be in no section
            Thread.sleep(10);
        }
        assertThat(ebr.activeReaders()).isZero();
        ebr.tryReclaim();
        assertThat(ran).isTrue();
        Thread next = Thread.ofPlatform().start(() -> ebr.enter().close()); // may adopt the dead record
        next.join();
        assertThat(ebr.activeReaders()).isZero();
    }
}
