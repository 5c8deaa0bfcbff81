package dev.lockstep.core.memory;

import dev.lockstep.core.memory.internal.Slot;
import dev.lockstep.core.memory.internal.SlotStack;
import dev.lockstep.core.memory.internal.SlotTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A thread-safe pool of reusable objects made by a factory.
 *
 * <pre>{@code
 * ObjectPool<ByteBuffer> pool = ObjectPool.builder(() -> ByteBuffer.allocate(4096))
 *         .name("frames").capacity(64).mode(ObjectPool.Mode.STATIC).reset(ByteBuffer::clear).build();
 * ByteBuffer b = pool.acquire();    // PoolExhaustedException if all 64 are out
 * try { ... } finally { pool.release(b); }
 * try (PooledRef<ByteBuffer> ref = pool.acquireRef()) { ref.get().put(...); }   // released on close
 * }</pre>
 *
 * <h2>Overview</h2>
 *
 * <p><b>What it owns.</b> Every object the factory made for it, each in a {@link Slot} with a fixed
 * index; a lock-free free list of slots ({@link SlotStack}, a tagged Treiber stack); and an immutable
 * {@link SlotTable} mapping index and object identity to slot. {@link Mode#STATIC} makes {@code
 * capacity} objects at construction and never more; {@link Mode#GROW} makes {@code capacity} at
 * construction and, when the free list is empty, a batch more (doubling the pool by default, see
 * {@link Builder#growBy(int)}), up to {@link Builder#maxCapacity(int)}.
 *
 * <p><b>Invariants.</b> (1) A slot is on the free list exactly when its state has {@code OUT} clear
 * and it is not between a release and its push; so no object is held by two callers at once (test
 * {@code concurrentHoldersNeverShareAnObject}). (2) {@code release} clears {@code OUT} with one CAS
 * before the object is reset or pushed, so of two releases of one hand-out exactly one wins and the
 * other is reported (test {@code doubleReleaseIsDetected}). (3) Only objects found by identity in the
 * table are accepted (test {@code foreignReleaseIsDetected}). (4) Slots are added only under {@code
 * growLock}, which publishes a new table before pushing the new slots.
 *
 * <p><b>Why bare objects plus an identity table.</b> {@code acquire()} returns the object itself, the
 * cheapest and most familiar contract, and costs no allocation. Release finds the slot by identity
 * hash in a table that is read without a lock. Its limit: a stale second release that arrives after
 * the object was handed out again is indistinguishable from the new holder's release. {@link
 * #acquireRef()} closes that gap for callers who want it: the {@link PooledRef} records the hand-out
 * generation held in the slot's state, so a stale ref's release is reported, at the cost of one small
 * allocation per acquire.
 *
 * <p><b>Races.</b> acquire/acquire and acquire/release race only on the stack top, resolved by its
 * CAS (see {@link SlotStack} for ABA and ordering). The state word is written by the popper with a
 * release store after it owns the slot, and cleared by a releaser's CAS; a concurrent wrong release
 * either sees {@code OUT} clear (reported) or loses the CAS and re-reads it. The reset hook runs after
 * the winning CAS and before the push, so it never runs on an object another caller holds, and its
 * writes are published to the next holder by the push CAS. Growth and refills take {@code growLock}
 * and re-try the pop under it, so two threads that find the pool empty grow it once.
 *
 * <p><b>Statistics</b> are {@link LongAdder}s (striped, so counting does not become the contended
 * word) and are approximate while operations are in flight.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public final class ObjectPool<T> {
    /** How a pool behaves when every object is handed out. */
    public enum Mode {
        /** Fixed capacity: {@link #acquire()} throws {@link PoolExhaustedException}. */
        STATIC,
        /** Makes more objects, in batches, up to the maximum capacity. */
        GROW
    }

    /** A snapshot of a pool's counters; {@code outstanding = acquired - released}. */
    public record Stats(
            String name, int capacity, long created, long discarded, long acquired, long released, long outstanding) {}

    private final String name;
    private final Mode mode;
    private final Supplier<? extends T> factory;
    private final Consumer<? super T> resetHook;
    private final int staticCapacity;
    private final int growBy;
    private final int maxCapacity;

    private final SlotStack<T> free = new SlotStack<>();
    private final ReentrantLock growLock = new ReentrantLock();
    private final LongAdder acquired = new LongAdder();
    private final LongAdder released = new LongAdder();
    private volatile int live; // objects created and not discarded; written under growLock
    private volatile int discarded; // written under growLock

    private ObjectPool(Builder<T> b) {
        this.name = b.name != null ? b.name : "ObjectPool@" + Integer.toHexString(System.identityHashCode(this));
        this.mode = b.mode;
        this.factory = b.factory;
        this.resetHook = b.reset;
        this.staticCapacity = b.capacity;
        this.growBy = b.growBy;
        this.maxCapacity = b.maxCapacity;
        growLock.lock();
        try {
            if (b.capacity > 0) {
                free.push(addSlots(b.capacity));
            }
        } finally {
            growLock.unlock();
        }
    }

    /** A pool with default name, no reset hook, growth by doubling in {@link Mode#GROW}. */
    public static <T> ObjectPool<T> create(Supplier<? extends T> factory, int capacity, Mode mode) {
        return ObjectPool.<T>builder(factory).capacity(capacity).mode(mode).build();
    }

    public static <T> Builder<T> builder(Supplier<? extends T> factory) {
        return new Builder<>(factory);
    }

    /**
     * Hands out a free object, growing the pool in {@link Mode#GROW}.
     *
     * @throws PoolExhaustedException if none is free and the pool may not grow (message names the pool
     *     and its capacity)
     */
    public T acquire() {
        Slot<T> slot = free.pop();
        if (slot == null) {
            slot = acquireSlowPath(true);
        }
        return handOut(slot);
    }

    /** Like {@link #acquire()} but returns null instead of throwing when the pool is exhausted. */
    public T tryAcquire() {
        Slot<T> slot = free.pop();
        if (slot == null && (slot = acquireSlowPath(false)) == null) {
            return null;
        }
        return handOut(slot);
    }

    /**
     * Hands out a free object wrapped in a {@link PooledRef} whose {@code close()} releases it and
     * detects every double release, including a stale one after the object was handed out again.
     */
    public PooledRef<T> acquireRef() {
        Slot<T> slot = free.pop();
        if (slot == null) {
            slot = acquireSlowPath(true);
        }
        handOut(slot);
        return new PooledRef<>(this, slot, slot.acquireState());
    }

    /**
     * Returns an object to the pool, running the reset hook first.
     *
     * @throws ForeignBlockException if this pool did not create the object
     * @throws DoubleFreeException if the object is not handed out (released twice, or never acquired)
     * @throws MemoryException if the reset hook failed; the object is then discarded, not pooled
     */
    public void release(T object) {
        Objects.requireNonNull(object, "object");
        Slot<T> slot = free.acquireTable().find(object);
        if (slot == null) {
            throw new ForeignBlockException("object " + SlotTable.describe(object) + " was not created by pool '" + name
                    + "' and cannot be released to it");
        }
        int state = slot.acquireState();
        for (; ; ) {
            if (!Slot.isOut(state)) {
                throw notHandedOut(slot, state);
            }
            int witness = slot.caxState(state, state & ~Slot.OUT); // one winner per hand-out
            if (witness == state) {
                break;
            }
            state = witness;
        }
        recycle(slot);
    }

    /** Releases through a ref: wins only if the slot is still in the ref's hand-out generation. */
    void release(PooledRef<T> ref, Slot<T> slot, int handOutState) {
        int witness = slot.caxState(handOutState, handOutState & ~Slot.OUT);
        if (witness != handOutState) {
            boolean sameHandOut = (witness | Slot.OUT) == handOutState;
            throw new DoubleFreeException("PooledRef for " + SlotTable.describe(slot.object()) + " of pool '" + name
                    + "' was released twice" + (sameHandOut ? "" : " (the object has since been handed out again)"));
        }
        recycle(slot);
    }

    private DoubleFreeException notHandedOut(Slot<T> slot, int state) {
        String why = Slot.isDiscarded(state)
                ? "it was discarded after its reset hook failed"
                : "it is not handed out (released twice, or never acquired)";
        return new DoubleFreeException(
                "object " + SlotTable.describe(slot.object()) + " released to pool '" + name + "' but " + why);
    }

    private T handOut(Slot<T> slot) {
        // We own the slot: a concurrent wrong release only reads the state or loses its CAS.
        slot.releaseState(Slot.nextHandOut(slot.acquireState()));
        acquired.increment();
        return slot.object();
    }

    private void recycle(Slot<T> slot) {
        released.increment();
        if (resetHook != null) {
            try {
                resetHook.accept(slot.object());
            } catch (RuntimeException | Error e) {
                discard(slot);
                throw new MemoryException(
                        "reset hook of pool '" + name + "' failed for " + SlotTable.describe(slot.object())
                                + "; the object was discarded" + (mode == Mode.STATIC ? " and will be replaced" : ""),
                        e);
            }
        }
        free.push(slot);
    }

    private void discard(Slot<T> slot) {
        growLock.lock();
        try {
            slot.releaseState(slot.acquireState() | Slot.DISCARDED);
            live = live - 1;
            discarded = discarded + 1;
        } finally {
            growLock.unlock();
        }
    }

    /** Empty free list: re-try under the lock, then grow (GROW), refill discards (STATIC) or give up. */
    private Slot<T> acquireSlowPath(boolean throwIfExhausted) {
        if (mode == Mode.STATIC && live >= staticCapacity) {
            return exhausted(throwIfExhausted, live, ""); // STATIC and full: no lock needed to say so
        }
        growLock.lock();
        try {
            Slot<T> slot = free.pop(); // another thread may have grown or released meanwhile
            if (slot != null) {
                return slot;
            }
            int current = live;
            int target = mode == Mode.STATIC
                    ? staticCapacity
                    : (int) Math.min(maxCapacity, (long) current + (growBy > 0 ? growBy : Math.max(1, current)));
            if (target <= current) {
                return exhausted(
                        throwIfExhausted,
                        current,
                        mode == Mode.GROW ? " (maximum capacity " + maxCapacity + " reached)" : "");
            }
            return addSlots(target - current);
        } finally {
            growLock.unlock();
        }
    }

    private Slot<T> exhausted(boolean throwIfExhausted, int capacity, String detail) {
        if (throwIfExhausted) {
            throw new PoolExhaustedException(name, capacity, detail);
        }
        return null;
    }

    /** Under growLock: makes {@code count} objects, publishes them, pushes all but one and returns it. */
    private Slot<T> addSlots(int count) {
        List<T> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            T object = factory.get();
            if (object == null) {
                throw new MemoryException("factory of pool '" + name + "' returned null");
            }
            made.add(object);
        }
        SlotTable<T> old = free.acquireTable();
        SlotTable<T> grown;
        try {
            grown = old.withAdded(made);
        } catch (IllegalArgumentException e) {
            throw new MemoryException(
                    "factory of pool '" + name + "' returned an object it had returned before: " + e.getMessage());
        }
        free.releaseTable(grown); // published before any new index is pushed
        live = live + count;
        for (int i = old.size() + 1; i < grown.size(); i++) {
            free.push(grown.slot(i));
        }
        return grown.slot(old.size());
    }

    public String name() {
        return name;
    }

    public Mode mode() {
        return mode;
    }

    /** How many objects the pool holds now (created and not discarded), handed out or free. */
    public int capacity() {
        return live;
    }

    public Stats stats() {
        long a = acquired.sum();
        long r = released.sum();
        int d = discarded;
        int l = live;
        return new Stats(name, l, (long) l + d, d, a, r, a - r);
    }

    @Override
    public String toString() {
        return "ObjectPool[" + name + ", " + mode + ", capacity " + live + "]";
    }

    /** Configures an {@link ObjectPool}. */
    public static final class Builder<T> {
        private final Supplier<? extends T> factory;
        private String name;
        private int capacity = 16;
        private Mode mode = Mode.GROW;
        private int growBy;
        private int maxCapacity = Integer.MAX_VALUE - 8;
        private Consumer<? super T> reset;

        private Builder(Supplier<? extends T> factory) {
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /** The name used in every error message and in {@link Stats}. */
        public Builder<T> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Objects made at construction (default 16); the fixed size in {@link Mode#STATIC}. */
        public Builder<T> capacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        public Builder<T> mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** GROW: objects made per growth step (default 0 = as many as the pool holds, doubling it). */
        public Builder<T> growBy(int growBy) {
            this.growBy = growBy;
            return this;
        }

        /** GROW: the most objects the pool will ever hold (default unbounded). */
        public Builder<T> maxCapacity(int maxCapacity) {
            this.maxCapacity = maxCapacity;
            return this;
        }

        /** Called on each released object before it is pooled again (e.g. {@code List::clear}). */
        public Builder<T> reset(Consumer<? super T> reset) {
            this.reset = Objects.requireNonNull(reset, "reset");
            return this;
        }

        public ObjectPool<T> build() {
            String label = name != null ? "pool '" + name + "': " : "pool: ";
            if (mode == Mode.STATIC && capacity < 1) {
                throw new IllegalArgumentException(label + "STATIC capacity must be at least 1, got " + capacity);
            }
            if (capacity < 0 || growBy < 0) {
                throw new IllegalArgumentException(
                        label + "capacity and growBy must not be negative, got " + capacity + ", " + growBy);
            }
            if (mode == Mode.GROW && maxCapacity < Math.max(1, capacity)) {
                throw new IllegalArgumentException(
                        label + "maxCapacity " + maxCapacity + " is below capacity " + Math.max(1, capacity));
            }
            return new ObjectPool<>(this);
        }
    }
}
