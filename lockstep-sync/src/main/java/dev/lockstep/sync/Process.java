package dev.lockstep.sync;

/** A process body: direct-style code that calls the primitives of the {@link Sync} it is given. */
@FunctionalInterface
public interface Process {
    void run(Sync s) throws Exception;
}
