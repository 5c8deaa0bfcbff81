/**
 * The {@code kernel} suite: lockstep-core's shared kernel (coroutines, trace, clocks, replay
 * log), each measured against the plainest JDK way of doing the same job.
 */
package dev.lockstep.bench.kernel;
