package dev.lockstep.io.internal.uring;

import static dev.lockstep.io.internal.uring.RingFixture.await;
import static dev.lockstep.io.internal.uring.RingFixture.find;
import static dev.lockstep.io.internal.uring.RingFixture.openOrSkip;
import static dev.lockstep.io.internal.uring.RingFixture.sqe;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP messages, CQ overflow, bounded waits, availability reasons, argument checks. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingEdgeTest {
    @Test
    void udpSendmsgAndRecvmsgCarryTheAddresses() {
        try (Ring ring = openOrSkip(8);
                Arena arena = Arena.ofConfined()) {
            int a = Net.bindLoopback(Net.SOCK_DGRAM, 0);
            int b = Net.bindLoopback(Net.SOCK_DGRAM, 0);
            byte[] text = "datagram".getBytes(StandardCharsets.UTF_8);
            MemorySegment out = arena.allocate(text.length);
            out.copyFrom(MemorySegment.ofArray(text));
            MemorySegment in = arena.allocate(64);
            MemorySegment from = arena.allocate(16, 4);
            MemorySegment recvHdr = Net.msghdr(arena, from, in);
            Sqe.prepRecvmsg(sqe(ring), b, recvHdr, 0, 80);
            ring.submit();
            Sqe.prepSendmsg(
                    sqe(ring), a, Net.msghdr(arena, Net.inet4(arena, Net.LOOPBACK, Net.localPort(b)), out), 0, 81);
            List<RingFixture.Cqe> cqes = await(ring, 2);
            assertThat(find(cqes, 81).res()).as("sendmsg").isEqualTo(text.length);
            int got = find(cqes, 80).res();
            assertThat(got).as("recvmsg").isEqualTo(text.length);
            assertThat(in.asSlice(0, got).toArray(JAVA_BYTE)).isEqualTo(text);
            assertThat(Net.msgNameLen(recvHdr)).isEqualTo(16);
            assertThat(Net.port(from)).as("source port").isEqualTo(Net.localPort(a));
            Syscalls.close(a);
            Syscalls.close(b);
        }
    }

    @Test
    void overflowedCompletionsAreNotLost() {
        try (Ring ring = openOrSkip(8)) {
            int total = ring.cqEntries() + 3 * ring.sqEntries(); // more than the CQ holds, unreaped
            int prepared = 0;
            while (prepared < total) {
                MemorySegment sqe = ring.nextSqe();
                if (sqe == null) {
                    ring.submit();
                    continue;
                }
                Sqe.prepNop(sqe, prepared++);
            }
            ring.submit();
            Set<Long> seen = new HashSet<>();
            for (RingFixture.Cqe c : await(ring, total)) {
                assertThat(seen.add(c.userData())).as("once: %d", c.userData()).isTrue();
            }
            assertThat(seen).hasSize(total);
        }
    }

    @Test
    void boundedWaitReturnsWithoutCompletions() {
        try (Ring ring = openOrSkip(8)) {
            if ((ring.features() & Ring.FEAT_EXT_ARG) == 0) {
                org.junit.jupiter.api.Assumptions.abort("kernel lacks IORING_FEAT_EXT_ARG");
            }
            assertThat(ring.submitAndWait(1, 5_000_000L)).isZero();
            assertThat(ring.reap((ud, res, fl) -> {})).isZero();
            Sqe.prepNop(sqe(ring), 90);
            assertThat(ring.submitAndWait(1, 5_000_000_000L)).isEqualTo(1);
            assertThat(ring.reap((ud, res, fl) -> assertThat(ud).isEqualTo(90))).isEqualTo(1);
        }
    }

    @Test
    void unavailabilityReasonsNameTheCause() {
        assertThat(Ring.reason(new UringException("io_uring_setup", Errno.ENOSYS)))
                .contains("ENOSYS")
                .contains("not implement");
        assertThat(Ring.reason(new UringException("io_uring_setup", Errno.EPERM)))
                .contains("EPERM")
                .contains("io_uring_disabled=")
                .contains("seccomp");
        assertThat(Ring.reason(new UringException("io_uring_setup", Errno.ENOMEM)))
                .contains("RLIMIT_MEMLOCK");
    }

    @Test
    void entriesOutOfRangeAreRefusedBeforeAnySyscall() {
        assertThatThrownBy(() -> Ring.open(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ring.open(1 << 16)).hasMessageContaining("[1, 32768]");
    }

    @Test
    void wakeAfterCloseIsANoOpAndBeforeEnableWakeupAnError() {
        Ring ring = openOrSkip(8);
        assertThatThrownBy(ring::wake).isInstanceOf(IllegalStateException.class).hasMessageContaining("enableWakeup");
        ring.enableWakeup();
        ring.close();
        ring.wake(); // must neither throw nor write to a closed (or reused) fd
    }

    @Test
    void closeIsIdempotent() {
        Ring ring = openOrSkip(8);
        ring.enableWakeup();
        ring.close();
        ring.close();
    }
}
