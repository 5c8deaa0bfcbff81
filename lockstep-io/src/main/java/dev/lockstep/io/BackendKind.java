package dev.lockstep.io;

/** Which I/O backend a runtime uses. */
public enum BackendKind {
    /** io_uring when the kernel allows it, else NIO (the reason is logged once). */
    AUTO,
    /** io_uring through the FFM API; fails if the kernel refuses it. */
    IO_URING,
    /** java.nio selectors (epoll, kqueue) for sockets; files on a small bounded thread pool. */
    NIO
}
