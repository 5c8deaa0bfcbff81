package dev.lockstep.io.internal.uring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Test helpers: open a ring or skip with the reason; collect completions; make a TCP pair. */
final class RingFixture {
    record Cqe(long userData, int res, int flags) {}

    private RingFixture() {}

    /** A ring, or the test is skipped naming why io_uring is unavailable. */
    static Ring openOrSkip(int entries) {
        Availability a = Ring.tryOpen(entries);
        if (a instanceof Availability.Unavailable u) {
            Assumptions.abort("io_uring unavailable: " + u.reason());
        }
        return ((Availability.Available) a).ring();
    }

    /** Submits what is prepared and waits until {@code n} completions have been reaped. */
    static List<Cqe> await(Ring ring, int n) {
        List<Cqe> out = new ArrayList<>();
        while (out.size() < n) {
            ring.submitAndWait(1);
            ring.reap((ud, res, fl) -> out.add(new Cqe(ud, res, fl)));
        }
        return out;
    }

    /** The one completion with {@code userData} among {@code cqes}. */
    static Cqe find(List<Cqe> cqes, long userData) {
        List<Cqe> found = cqes.stream().filter(c -> c.userData() == userData).toList();
        assertThat(found).as("completions with user_data %d", userData).hasSize(1);
        return found.get(0);
    }

    static MemorySegment sqe(Ring ring) {
        MemorySegment sqe = ring.nextSqe();
        assertThat(sqe).as("free SQE").isNotNull();
        return sqe;
    }

    /** A connected loopback TCP pair {client, server}, made with ring CONNECT and ACCEPT. */
    static int[] tcpPair(Ring ring, Arena arena) {
        int listener = Net.listenLoopback(0, 16);
        try {
            int client =
                    (int) Syscalls.check(Syscalls.socket(Net.AF_INET, Net.SOCK_STREAM | Net.SOCK_CLOEXEC, 0), "socket");
            Sqe.prepAccept(sqe(ring), listener, MemorySegment.NULL, MemorySegment.NULL, Net.SOCK_CLOEXEC, 1);
            Sqe.prepConnect(sqe(ring), client, Net.inet4(arena, Net.LOOPBACK, Net.localPort(listener)), 2);
            List<Cqe> cqes = await(ring, 2);
            assertThat(find(cqes, 2).res()).as("connect").isZero();
            int server = find(cqes, 1).res();
            assertThat(server).as("accepted fd").isNotNegative();
            return new int[] {client, server};
        } finally {
            Syscalls.close(listener);
        }
    }
}
