package dev.lockstep.core;

/**
 * How an idle {@link Engine} worker chooses the worker it tries to steal from. Whatever the policy,
 * a worker runs its own tasks first (newest first) and steals the oldest task of its victim.
 */
public enum StealPolicy {
    /** A uniformly random other worker for each probe. The default. */
    RANDOM,
    /** The other workers in turn, the cursor kept between scans. */
    ROUND_ROBIN,
    /**
     * Workers on the same CPU package or NUMA node first, then the others, as read from Linux sysfs.
     * Worker {@code i} is associated with the {@code i}-th online CPU (modulo their number); this is
     * a preference for grouping, not an affinity: Java does not pin threads. Falls back to {@link
     * #RANDOM} when the topology cannot be read ({@link Engine#effectiveStealPolicy()} tells).
     */
    LOCALITY
}
