/**
 * The {@code kernel} suite: lockstep-core's shared kernel (coroutines, trace, clocks, replay log),
 * each result beside its peer in the same run.
 */
package dev.lockstep.bench.kernel;
