package dev.lockstep.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.io.TaskState;
import dev.lockstep.io.internal.UringOp.Fd;
import dev.lockstep.io.internal.uring.Availability;
import dev.lockstep.io.internal.uring.Net;
import dev.lockstep.io.internal.uring.Syscalls;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The io_uring backend below the runtime: its invariants on records, descriptors and slots. */
// The backend is built in @BeforeEach and its ring has a single issuer: the test body must run on that thread.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SAME_THREAD)
class UringBackendTest {
    private UringBackend backend;
    private final List<IoTaskRecord> delivered = new ArrayList<>();

    @BeforeEach
    void open() {
        Object b = Backends.tryUring();
        if (b instanceof Availability.Unavailable u) {
            Assumptions.abort("io_uring unavailable: " + u.reason());
        }
        backend = (UringBackend) b;
    }

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private static IoTaskRecord waiting() {
        IoTaskRecord r = new IoTaskRecord(null);
        r.setGeneration(1);
        r.setState(TaskState.WAITING_IO);
        return r;
    }

    /** Polls until nothing is in flight (or 5 s). */
    private void drain() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (backend.inflight() > 0 && System.nanoTime() - deadline < 0) {
            backend.poll(50_000_000L, delivered::add);
        }
        backend.poll(0, delivered::add);
    }

    @Test
    void aFailedAcceptNeverYieldsASocket() {
        int fd = Syscalls.socket(Net.AF_INET, Net.SOCK_STREAM | Net.SOCK_CLOEXEC, 0); // never listens
        try {
            IoTaskRecord r = waiting();
            assertThat(backend.accept(r, new Fd(fd, Fd.LISTENER, Net.AF_INET))).isFalse();
            drain();
            assertThat(delivered).containsExactly(r);
            assertThat(r.result).as("accept's result").isNegative().isEqualTo(-22); // EINVAL
            assertThat(r.value).as("no socket").isNull();
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void aDescriptorIsClosedOnlyAfterItsLastOperationIsReaped() {
        Fd l = (Fd) backend.listen(new InetSocketAddress("127.0.0.1", 0), 16, true, false);
        IoTaskRecord r = waiting();
        backend.accept(r, l);
        backend.poll(0, delivered::add); // the accept is now in the kernel
        backend.close(l);
        assertThat(Syscalls.getsockname(l.fd, scratch(), len()))
                .as("the fd stays open while the accept refers to it")
                .isZero();
        drain();
        assertThat(delivered).containsExactly(r);
        assertThat(r.result).isEqualTo(-Backend.EBADF);
        assertThat(r.value).isNull();
        assertThat(Syscalls.getsockname(l.fd, scratch(), len()))
                .as("closed once the accept was reaped")
                .isEqualTo(-9);
    }

    @Test
    void noEntryNamesADescriptorThatIsClosing() {
        Fd l = (Fd) backend.listen(new InetSocketAddress("127.0.0.1", 0), 16, true, false);
        IoTaskRecord first = waiting();
        backend.accept(first, l);
        backend.close(l); // closing: the fd stays open until the accept is reaped
        IoTaskRecord second = waiting();
        assertThat(backend.accept(second, l)).as("completed at once").isTrue();
        assertThat(second.result).isEqualTo(-Backend.EBADF);
        assertThat(second.value).isNull();
        drain();
        assertThat(delivered).containsExactly(first);
        assertThat(backend.inflight()).isZero();
    }

    @Test
    void aCompletionNeverReachesANewerOccupantOfTheRecord() {
        Fd l = (Fd) backend.listen(new InetSocketAddress("127.0.0.1", 0), 16, true, false);
        IoTaskRecord r = waiting();
        backend.accept(r, l);
        backend.poll(0, delivered::add);
        r.setGeneration(2); // the task ended and its slot went to a new task, which waits too
        r.pending = null;
        backend.close(l);
        drain();
        assertThat(delivered).isEmpty();
        assertThat(backend.inflight()).isZero();
    }

    private static java.lang.foreign.MemorySegment scratch() {
        return java.lang.foreign.Arena.ofAuto().allocate(128, 8);
    }

    private static java.lang.foreign.MemorySegment len() {
        java.lang.foreign.MemorySegment s = java.lang.foreign.Arena.ofAuto().allocate(4, 4);
        s.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 128);
        return s;
    }
}
