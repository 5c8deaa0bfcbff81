/**
 * Suite {@code flow}: a lockstep-flow server against Helidon 4 SE and Vert.x 5 on three routes
 * ({@code /hello}, {@code /need3}, {@code /sqlite}), each server in its own JVM pinned to one core
 * under wrk, with a shared slow backend ({@link dev.lockstep.bench.flow.FlowBackend}) for the
 * parallel-call route. Not JMH-shaped: measured by {@link dev.lockstep.bench.flow.FlowSuite}, an
 * {@link dev.lockstep.bench.ExternalSuite}. Guide: docs/flow-bench.md.
 */
package dev.lockstep.bench.flow;
