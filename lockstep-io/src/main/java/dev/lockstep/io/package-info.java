/**
 * Per-thread I/O runtimes (issue 5): one {@code IoRuntime} per OS thread runs coroutine tasks
 * written in direct style; an I/O call suspends the task and the loop runs others. Backends:
 * io_uring through the FFM API, and NIO selectors as the fallback. Guide: docs/io.md.
 */
package dev.lockstep.io;
