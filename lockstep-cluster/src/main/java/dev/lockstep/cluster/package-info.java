/**
 * lockstep-core's {@link dev.lockstep.core.Future} API across machines, on embedded Hazelcast
 * members: {@link dev.lockstep.cluster.ClusterConfig} describes a cluster, {@link
 * dev.lockstep.cluster.ClusterMember} starts one member of it in this JVM, and {@link
 * dev.lockstep.cluster.DistributedEngine} submits serializable callables to any member, a given
 * member, all members or the owner of a key. The only module that depends on Hazelcast. See
 * docs/cluster.md.
 */
package dev.lockstep.cluster;
