package dev.lockstep.core.internal;

import dev.lockstep.core.StealPolicy;
import java.lang.Thread.UncaughtExceptionHandler;
import java.nio.file.Path;

/**
 * The engine's settings, validated by {@code Engine.Builder}; see that class for what each means.
 *
 * @param name the engine's name, used in thread names and error messages
 * @param workers number of worker threads, at least 1
 * @param stealPolicy how a worker chooses whom to steal from
 * @param stealAttempts victims probed per scan round, at least 1
 * @param spins idle scan rounds with {@code Thread.onSpinWait()} before yielding
 * @param yields idle scan rounds with {@code Thread.yield()} before parking
 * @param statistics whether workers count what they do
 * @param threadNamePrefix worker {@code i} is named prefix + i
 * @param workerStackSize requested stack size of worker threads in bytes (0: the JVM default)
 * @param topologyRoot the sysfs root read by the LOCALITY policy
 * @param uncaughtExceptionHandler handler of the worker threads, or null for the default
 */
public record EngineConfig(
        String name,
        int workers,
        StealPolicy stealPolicy,
        int stealAttempts,
        int spins,
        int yields,
        boolean statistics,
        String threadNamePrefix,
        long workerStackSize,
        Path topologyRoot,
        UncaughtExceptionHandler uncaughtExceptionHandler) {}
