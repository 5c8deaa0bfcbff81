package dev.lockstep.io;

import dev.lockstep.io.internal.Backend;
import dev.lockstep.io.internal.Backends;
import dev.lockstep.io.internal.uring.Availability;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The backends every I/O suite runs on: NIO and IO_URING. Where the kernel refuses io_uring, the
 * IO_URING case is skipped with the reason ({@link #runtime}), never silently dropped.
 */
final class IoBackends {
    private IoBackends() {}

    static Stream<BackendKind> all() {
        return Stream.of(BackendKind.NIO, BackendKind.IO_URING);
    }

    /** A runtime on {@code kind}; skips the test, naming why, when io_uring is unavailable here. */
    static IoRuntime runtime(BackendKind kind) {
        if (kind == BackendKind.IO_URING) {
            assumeUring();
        }
        return IoRuntime.builder().backend(kind).build();
    }

    /** Skips the calling test, with the reason, unless an io_uring ring opens here. */
    static void assumeUring() {
        String reason = uringUnavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "io_uring unavailable: " + reason);
    }

    private static volatile String[] unavailable; // {reason or null}, probed once

    /** Null when io_uring works here, else why not (probed once per JVM). */
    static String uringUnavailableReason() {
        String[] u = unavailable;
        if (u == null) {
            Object b = Backends.tryUring();
            if (b instanceof Availability.Unavailable n) {
                u = new String[] {n.reason()};
            } else {
                ((Backend) b).close();
                u = new String[] {null};
            }
            unavailable = u;
        }
        return u[0];
    }
}
