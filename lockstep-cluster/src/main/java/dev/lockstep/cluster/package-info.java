/**
 * lockstep-core's {@link dev.lockstep.core.Future} API across machines, on embedded Hazelcast
 * members: {@link dev.lockstep.cluster.ClusterConfig} describes a cluster, {@link
 * dev.lockstep.cluster.ClusterMember} starts one member of it in this JVM ({@link
 * dev.lockstep.cluster.MemberProcess} in a child JVM), {@link dev.lockstep.cluster.DistributedEngine}
 * submits callables to any member, the owner of a key, a given member or all members, retrying on
 * member loss ({@link dev.lockstep.cluster.ClusterRetryPolicy}) and storing keyed results once, and
 * {@link dev.lockstep.cluster.DistributedResultCache} shares computed values on an IMap with a TTL.
 * The only module that depends on Hazelcast. See docs/cluster.md.
 */
package dev.lockstep.cluster;
