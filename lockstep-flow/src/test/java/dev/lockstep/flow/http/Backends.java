package dev.lockstep.flow.http;

import dev.lockstep.io.BackendKind;
import dev.lockstep.io.IoRuntime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The backends the server suites run on: NIO and IO_URING (skipped, with the reason, where the kernel refuses it). */
final class Backends {
    private Backends() {}

    static Stream<BackendKind> all() {
        return Stream.of(BackendKind.NIO, BackendKind.IO_URING);
    }

    private static volatile String[] unavailable;

    /** Skips the calling test, with the reason, unless {@code kind} opens here. */
    static void assume(BackendKind kind) {
        if (kind != BackendKind.IO_URING) {
            return;
        }
        String[] u = unavailable;
        if (u == null) {
            try {
                IoRuntime.builder().backend(BackendKind.IO_URING).build().close();
                u = new String[] {null};
            } catch (IllegalStateException e) {
                u = new String[] {e.getMessage()};
            }
            unavailable = u;
        }
        String reason = u[0];
        Assumptions.assumeTrue(reason == null, () -> "io_uring unavailable: " + reason);
    }

    /** A server on {@code kind} on a free port of 127.0.0.1. */
    static HttpServer.Builder server(BackendKind kind, HttpHandler handler) {
        assume(kind);
        return HttpServer.builder().port(0).backend(kind).handler(handler);
    }
}
