package dev.lockstep.core.coroutine.internal;

/** A coroutine's body bound to its coroutine: what a driver runs once, across its segments. */
@FunctionalInterface
public interface BodyRunner {
    void run() throws Exception;
}
