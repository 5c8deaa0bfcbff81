package dev.lockstep.io.internal.uring;

import static dev.lockstep.io.internal.uring.RingFixture.await;
import static dev.lockstep.io.internal.uring.RingFixture.openOrSkip;
import static dev.lockstep.io.internal.uring.RingFixture.sqe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ring itself: setup, flags, probe, NOPs, batching, a full SQ, wake-ups, single issuer. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingTest {
    @Test
    void setupRecordsAcceptedAndRejectedFlags() {
        try (Ring ring = openOrSkip(8)) {
            int requested = Ring.SETUP_SINGLE_ISSUER
                    | Ring.SETUP_COOP_TASKRUN
                    | Ring.SETUP_TASKRUN_FLAG
                    | Ring.SETUP_SUBMIT_ALL;
            assertThat(ring.setupFlags() | ring.rejectedFlags()).isEqualTo(requested);
            assertThat(ring.setupFlags() & ring.rejectedFlags()).isZero();
            assertThat(ring.sqEntries()).isEqualTo(8);
            assertThat(ring.cqEntries()).isGreaterThanOrEqualTo(8);
            System.out.println("io_uring " + ring + " rejected=0x" + Integer.toHexString(ring.rejectedFlags())
                    + " capabilities=" + ring.capabilities());
        }
    }

    @Test
    void probeReportsTheCoreOpcodes() {
        try (Ring ring = openOrSkip(8)) {
            assertThat(ring.capabilities()).contains(Op.NOP, Op.READ, Op.WRITE, Op.TIMEOUT, Op.ACCEPT, Op.CONNECT);
            assertThat(ring.probe()).isEqualTo(ring.capabilities());
        }
    }

    @Test
    void nopRoundTripCarriesUserData() {
        try (Ring ring = openOrSkip(8)) {
            Sqe.prepNop(sqe(ring), 0x1234_5678_9abcL);
            assertThat(ring.submit()).isEqualTo(1);
            List<RingFixture.Cqe> cqes = await(ring, 1);
            assertThat(cqes).containsExactly(new RingFixture.Cqe(0x1234_5678_9abcL, 0, 0));
        }
    }

    @Test
    void batchOf100NopsGoesInOneSubmit() {
        try (Ring ring = openOrSkip(128)) {
            for (int i = 0; i < 100; i++) {
                Sqe.prepNop(sqe(ring), 1000 + i);
            }
            assertThat(ring.pending()).isEqualTo(100);
            assertThat(ring.submit()).isEqualTo(100);
            assertThat(ring.pending()).isZero();
            Set<Long> seen = new HashSet<>();
            for (RingFixture.Cqe c : await(ring, 100)) {
                assertThat(c.res()).isZero();
                seen.add(c.userData());
            }
            assertThat(seen).hasSize(100).allMatch(u -> u >= 1000 && u < 1100);
        }
    }

    @Test
    void sqeTailNeverPassesSqHeadByMoreThanEntries() { // a full SQ returns null from nextSqe
        try (Ring ring = openOrSkip(8)) {
            for (int i = 0; i < 8; i++) {
                Sqe.prepNop(sqe(ring), i);
            }
            assertThat(ring.nextSqe()).isNull();
            assertThat(ring.submit()).isEqualTo(8);
            MemorySegment again = ring.nextSqe();
            assertThat(again).as("free again after submit").isNotNull();
            Sqe.prepNop(again, 8);
            assertThat(await(ring, 9)).hasSize(9);
        }
    }

    @Test
    void nextSqeHandsOutZeroedEntries() {
        try (Ring ring = openOrSkip(2)) {
            MemorySegment first = sqe(ring);
            Sqe.prepNop(first, -1L);
            Sqe.addFlags(first, Sqe.IOSQE_IO_LINK);
            Sqe.prepNop(sqe(ring), 2);
            ring.submit();
            await(ring, 2);
            MemorySegment again = sqe(ring); // same slot as first
            assertThat(Sqe.userData(again)).isZero();
            assertThat(Sqe.flags(again)).isZero();
        }
    }

    @Test
    void wakeFromAnotherThreadReturnsABlockedSubmitAndWait() throws Exception {
        try (Ring ring = openOrSkip(8)) {
            ring.enableWakeup();
            ring.submit(); // arms the eventfd read
            for (int round = 1; round <= 2; round++) {
                CountDownLatch aboutToBlock = new CountDownLatch(1);
                CompletableFuture<Void> waker = CompletableFuture.runAsync(() -> {
                    try {
                        aboutToBlock.await();
                        Thread.sleep(50); // most likely blocked by now; correct either way
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ring.wake();
                });
                aboutToBlock.countDown();
                ring.submitAndWait(1); // returns only when a completion (the wake) exists
                assertThat(ring.reap((ud, res, fl) -> {
                            throw new AssertionError("no user completion expected, got " + ud);
                        }))
                        .isZero();
                assertThat(ring.wakeups()).isEqualTo(round);
                waker.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void singleIssuerRefusesSubmissionsFromAnotherThread() throws Exception {
        try (Ring ring = openOrSkip(8)) {
            if ((ring.setupFlags() & Ring.SETUP_SINGLE_ISSUER) == 0) {
                org.junit.jupiter.api.Assumptions.abort("kernel rejected IORING_SETUP_SINGLE_ISSUER");
            }
            Sqe.prepNop(sqe(ring), 1);
            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(ring::submit);
            assertThatThrownBy(() -> other.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UringException.class)
                    .hasMessageContaining("EEXIST");
        }
    }

    @Test
    void failedSyscallNamesTheCallAndErrno() {
        long r = Syscalls.close(-1);
        assertThat(r).isEqualTo(-Errno.EBADF);
        assertThatThrownBy(() -> Syscalls.check(r, "close(-1)"))
                .isInstanceOfSatisfying(UringException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EBADF);
                    assertThat(e.errnoName()).isEqualTo("EBADF");
                })
                .hasMessage("close(-1) failed: EBADF (errno 9)");
    }
}
