package dev.lockstep.io;

/** The body of a task run by an {@link IoRuntime}: direct-style code whose I/O calls suspend it. */
@FunctionalInterface
public interface IoTask {
    void run(IoRuntime runtime) throws Exception;
}
