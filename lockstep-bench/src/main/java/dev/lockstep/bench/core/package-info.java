/**
 * The {@code core} suite: the work-stealing engine against {@link java.util.concurrent.ForkJoinPool}
 * (and {@link java.util.concurrent.ThreadPoolExecutor} for submissions), with the same worker count
 * ({@code Runtime.availableProcessors()}) on both sides and identical workloads.
 */
package dev.lockstep.bench.core;
