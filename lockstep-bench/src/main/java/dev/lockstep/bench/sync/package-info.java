/**
 * Suite {@code sync} ({@code bin/lockstep bench sync}): lockstep-sync's machine on Tempo's core
 * workloads (ns per operation, against Tempo's published per-operation figures) and on the five
 * workloads of Tempo's PPDP comparison with ReactiveML (ms per run at n = 5000, 10000, 50000, in
 * steady state and cold, against ReactiveML's published anchors). Every workload checks its run.
 */
package dev.lockstep.bench.sync;
