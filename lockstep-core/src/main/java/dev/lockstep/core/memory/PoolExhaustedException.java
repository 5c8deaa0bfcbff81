package dev.lockstep.core.memory;

/**
 * A {@link ObjectPool.Mode#STATIC} pool (or a {@link ObjectPool.Mode#GROW} pool at its maximum
 * capacity) had no free object when {@link ObjectPool#acquire()} was called.
 */
public final class PoolExhaustedException extends MemoryException {
    private final String poolName;
    private final int capacity;

    public PoolExhaustedException(String poolName, int capacity, String detail) {
        super("pool '" + poolName + "' is exhausted: all " + capacity + " objects are in use" + detail);
        this.poolName = poolName;
        this.capacity = capacity;
    }

    /** The name of the exhausted pool. */
    public String poolName() {
        return poolName;
    }

    /** How many objects the pool held, all of them handed out, when it was found exhausted. */
    public int capacity() {
        return capacity;
    }
}
