package dev.lockstep.io;

import java.util.stream.Stream;

/** The backends every I/O suite runs on (io_uring joins when it is wired into the runtime). */
final class IoBackends {
    private IoBackends() {}

    static Stream<BackendKind> all() {
        return Stream.of(BackendKind.NIO);
    }

    static IoRuntime runtime(BackendKind kind) {
        return IoRuntime.builder().backend(kind).build();
    }
}
