package dev.lockstep.io.internal.uring;

import static dev.lockstep.io.internal.uring.RingFixture.await;
import static dev.lockstep.io.internal.uring.RingFixture.find;
import static dev.lockstep.io.internal.uring.RingFixture.openOrSkip;
import static dev.lockstep.io.internal.uring.RingFixture.sqe;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Operations through a real ring: timers, cancellation, files, TCP over loopback. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingOpsTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void timeoutCompletesWithEtime() {
        try (Ring ring = openOrSkip(8);
                Arena arena = Arena.ofConfined()) {
            Sqe.prepTimeout(sqe(ring), Net.timespec(arena, MS), 0, 0, 7);
            assertThat(await(ring, 1)).containsExactly(new RingFixture.Cqe(7, -Errno.ETIME, 0));
        }
    }

    @Test
    void linkedTimeoutCancelsARecvThatNeverGetsData() {
        try (Ring ring = openOrSkip(8);
                Arena arena = Arena.ofConfined()) {
            int[] pair = RingFixture.tcpPair(ring, arena);
            try {
                MemorySegment recv = sqe(ring);
                Sqe.prepRecv(recv, pair[0], arena.allocate(64), 0, 10);
                Sqe.addFlags(recv, Sqe.IOSQE_IO_LINK);
                Sqe.prepLinkTimeout(sqe(ring), Net.timespec(arena, 10 * MS), 0, 11);
                List<RingFixture.Cqe> cqes = await(ring, 2);
                assertThat(find(cqes, 10).res()).as("recv").isEqualTo(-Errno.ECANCELED);
                assertThat(find(cqes, 11).res()).as("link timeout").isEqualTo(-Errno.ETIME);
            } finally {
                Syscalls.close(pair[0]);
                Syscalls.close(pair[1]);
            }
        }
    }

    @Test
    void linkedTimeoutIsCancelledWhenItsTargetCompletesFirst() {
        try (Ring ring = openOrSkip(8);
                Arena arena = Arena.ofConfined()) {
            MemorySegment nop = sqe(ring);
            Sqe.prepNop(nop, 20);
            Sqe.addFlags(nop, Sqe.IOSQE_IO_LINK);
            Sqe.prepLinkTimeout(sqe(ring), Net.timespec(arena, 10_000 * MS), 0, 21);
            List<RingFixture.Cqe> cqes = await(ring, 2);
            assertThat(find(cqes, 20).res()).isZero();
            assertThat(find(cqes, 21).res()).isEqualTo(-Errno.ECANCELED);
        }
    }

    @Test
    void asyncCancelOfAPendingTimeout() {
        try (Ring ring = openOrSkip(8);
                Arena arena = Arena.ofConfined()) {
            Sqe.prepTimeout(sqe(ring), Net.timespec(arena, 60_000 * MS), 0, 0, 30);
            ring.submit();
            Sqe.prepCancel(sqe(ring), 30, 0, 31);
            List<RingFixture.Cqe> cqes = await(ring, 2);
            assertThat(find(cqes, 31).res()).as("cancel").isZero();
            assertThat(find(cqes, 30).res()).as("timeout").isEqualTo(-Errno.ECANCELED);
        }
    }

    @Test
    void asyncCancelOfAnUnknownRequestIsEnoent() {
        try (Ring ring = openOrSkip(8)) {
            Sqe.prepCancel(sqe(ring), 999, 0, 32);
            assertThat(await(ring, 1)).containsExactly(new RingFixture.Cqe(32, -Errno.ENOENT, 0));
        }
    }

    @Test
    void writeThenReadATempFileAtAnOffset() throws Exception {
        Path file = dir.resolve("data.bin");
        byte[] text = "hello, ring".getBytes(StandardCharsets.UTF_8);
        try (Ring ring = openOrSkip(8);
                Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(file.toString());
            Sqe.prepOpenat(sqe(ring), Sqe.AT_FDCWD, path, 0x80000 | 0x40 | 2, 0600, 40); // CLOEXEC|CREAT|RDWR
            int fd = await(ring, 1).get(0).res();
            assertThat(fd).as("openat").isNotNegative();

            MemorySegment out = arena.allocate(text.length);
            out.copyFrom(MemorySegment.ofArray(text));
            Sqe.prepWrite(sqe(ring), fd, out, 4096, 41);
            assertThat(await(ring, 1).get(0).res()).as("write").isEqualTo(text.length);

            MemorySegment in = arena.allocate(text.length);
            Sqe.prepRead(sqe(ring), fd, in, 4096, 42);
            assertThat(await(ring, 1).get(0).res()).as("read").isEqualTo(text.length);
            assertThat(in.toArray(JAVA_BYTE)).isEqualTo(text);

            MemorySegment statx = arena.allocate(256, 8);
            Sqe.prepStatx(sqe(ring), Sqe.AT_FDCWD, path, 0, 0x7ff, statx, 43);
            assertThat(await(ring, 1).get(0).res()).as("statx").isZero();
            assertThat(statx.get(JAVA_LONG, 40)).as("stx_size").isEqualTo(4096L + text.length);

            Sqe.prepClose(sqe(ring), fd, 44);
            assertThat(await(ring, 1).get(0).res()).as("close").isZero();
        }
        byte[] onDisk = Files.readAllBytes(file);
        assertThat(onDisk).hasSize(4096 + text.length);
        assertThat(new String(onDisk, 4096, text.length, StandardCharsets.UTF_8))
                .isEqualTo("hello, ring");
    }

    @Test
    void openatOfAMissingFileIsEnoent() {
        try (Ring ring = openOrSkip(8);
                Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(dir.resolve("missing").toString());
            Sqe.prepOpenat(sqe(ring), Sqe.AT_FDCWD, path, 0x80000, 0, 45);
            assertThat(await(ring, 1).get(0).res()).isEqualTo(-Errno.ENOENT);
        }
    }

    @Test
    void tcpAcceptConnectSendRecvOverLoopback() {
        try (Ring ring = openOrSkip(16);
                Arena arena = Arena.ofConfined()) {
            Assumptions.assumeTrue(ring.supports(Op.SOCKET), "kernel lacks IORING_OP_SOCKET (5.19)");
            int listener = Net.listenLoopback(0, 16);
            Sqe.prepSocket(sqe(ring), Net.AF_INET, Net.SOCK_STREAM | Net.SOCK_CLOEXEC, 0, 50);
            int client = await(ring, 1).get(0).res();
            assertThat(client).as("socket").isNotNegative();

            MemorySegment peer = arena.allocate(16, 4);
            MemorySegment peerLen = Net.intValue(arena, 16);
            Sqe.prepAccept(sqe(ring), listener, peer, peerLen, Net.SOCK_CLOEXEC, 51);
            Sqe.prepConnect(sqe(ring), client, Net.inet4(arena, Net.LOOPBACK, Net.localPort(listener)), 52);
            List<RingFixture.Cqe> cqes = await(ring, 2);
            assertThat(find(cqes, 52).res()).as("connect").isZero();
            int server = find(cqes, 51).res();
            assertThat(server).as("accept").isNotNegative();
            assertThat(Net.port(peer)).as("peer port").isEqualTo(Net.localPort(client));

            byte[] ping = "ping over io_uring".getBytes(StandardCharsets.UTF_8);
            MemorySegment out = arena.allocate(ping.length);
            out.copyFrom(MemorySegment.ofArray(ping));
            MemorySegment in = arena.allocate(64);
            Sqe.prepSend(sqe(ring), client, out, Net.MSG_NOSIGNAL, 53);
            Sqe.prepRecv(sqe(ring), server, in, 0, 54);
            cqes = await(ring, 2);
            assertThat(find(cqes, 53).res()).as("send").isEqualTo(ping.length);
            int got = find(cqes, 54).res();
            assertThat(got).as("recv").isEqualTo(ping.length);
            assertThat(in.asSlice(0, got).toArray(JAVA_BYTE)).isEqualTo(ping);

            Sqe.prepClose(sqe(ring), client, 55);
            Sqe.prepRecv(sqe(ring), server, in, 0, 56);
            cqes = await(ring, 2);
            assertThat(find(cqes, 56).res())
                    .as("recv after the peer closed: end of stream")
                    .isZero();
            Syscalls.close(server);
            Syscalls.close(listener);
        }
    }

    @Test
    void failedConnectIsRefusedAndNeverADescriptor() {
        try (Ring ring = openOrSkip(8);
                Arena arena = Arena.ofConfined()) {
            int listener = Net.listenLoopback(0, 1);
            int port = Net.localPort(listener);
            Syscalls.close(listener); // nothing listens on port now
            int client =
                    (int) Syscalls.check(Syscalls.socket(Net.AF_INET, Net.SOCK_STREAM | Net.SOCK_CLOEXEC, 0), "socket");
            Sqe.prepConnect(sqe(ring), client, Net.inet4(arena, Net.LOOPBACK, port), 60);
            int res = await(ring, 1).get(0).res();
            assertThat(res).isEqualTo(-Errno.ECONNREFUSED);
            Syscalls.close(client);
        }
    }

    @Test
    void acceptYieldsANonNegativeFdOnlyOnSuccess() {
        try (Ring ring = openOrSkip(8)) {
            int notListening =
                    (int) Syscalls.check(Syscalls.socket(Net.AF_INET, Net.SOCK_STREAM | Net.SOCK_CLOEXEC, 0), "socket");
            Sqe.prepAccept(sqe(ring), notListening, MemorySegment.NULL, MemorySegment.NULL, 0, 70);
            assertThat(await(ring, 1).get(0).res())
                    .as("accept on a socket that does not listen")
                    .isEqualTo(-Errno.EINVAL);
            Syscalls.close(notListening);

            int listener = Net.listenLoopback(0, 1);
            Sqe.prepAccept(sqe(ring), listener, MemorySegment.NULL, MemorySegment.NULL, 0, 71);
            ring.submit();
            Sqe.prepCancel(sqe(ring), 71, 0, 72);
            List<RingFixture.Cqe> cqes = await(ring, 2);
            assertThat(find(cqes, 71).res()).as("cancelled accept").isEqualTo(-Errno.ECANCELED);
            assertThat(find(cqes, 72).res()).isZero();
            Syscalls.close(listener);
        }
    }
}
