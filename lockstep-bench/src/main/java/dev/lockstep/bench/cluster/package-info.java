/**
 * Suite {@code cluster}: lockstep-cluster's {@code DistributedEngine} against Hazelcast's own
 * {@code IExecutorService} on tiny tasks ({@code cluster-tiny-tasks}), and a Monte-Carlo pi job on
 * two member processes against the same job on the local {@code Engine} ({@code cluster-pi}). Not
 * JMH-shaped (clusters of member processes): measured by {@link
 * dev.lockstep.bench.cluster.ClusterSuite}, an {@link dev.lockstep.bench.ExternalSuite}. Guide:
 * docs/cluster-bench.md.
 */
package dev.lockstep.bench.cluster;
