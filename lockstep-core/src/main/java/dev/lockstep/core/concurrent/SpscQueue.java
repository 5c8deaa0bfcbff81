package dev.lockstep.core.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer FIFO queue: a ring of slots and two indices, each
 * written by one thread only, so no operation needs a CAS.
 *
 * <h2>Threading contract</h2>
 *
 * <p>At any moment at most one thread may be calling {@link #offer} (the producer) and at most one
 * thread may be calling {@link #poll} or {@link #drain} (the consumer); the roles may pass from
 * thread to thread only through a happens-before edge (a lock, a volatile write and read, a thread
 * start or join). The queue does not check this: two concurrent producers or two concurrent
 * consumers lose or duplicate elements. {@link #size}, {@link #isEmpty} and {@link #capacity} may
 * be called from any thread. Use {@link MpmcQueue} when there can be more than one of either.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>State: {@code producerIndex} P (written by the producer only), {@code consumerIndex} C
 * (written by the consumer only), a ring of {@code capacity} slots (a power of two); the queue
 * holds the indices {@code [C, P)}. Each side also keeps a plain cache of the other's index,
 * {@code cachedConsumerIndex} and {@code cachedProducerIndex}, so that it reads the other side's
 * cache line only when its cached view says full or empty (the technique of FastFlow and JCTools'
 * {@code SpscArrayQueue} "lookahead").
 *
 * <ul>
 *   <li><b>offer</b>: if {@code P - cachedC == capacity}, refresh the cache with an acquire read of
 *       C; if still full, return false. Otherwise write the slot (plain) and publish it with a
 *       release store of {@code P + 1}. The acquire read of C orders the slot write after the
 *       consumer's clearing of that slot (released with its C).
 *   <li><b>poll</b>: if {@code C == cachedP}, refresh the cache with an acquire read of P; if still
 *       equal, return null. Otherwise read and clear the slot (plain) and release {@code C + 1}.
 *       The acquire read of P makes the producer's slot write visible.
 * </ul>
 *
 * <p>Linearization points: offer at its release of P, poll at its release of C, a full offer at
 * its acquire read of C, an empty poll at its acquire read of P. {@link #size} reads C, P, C again
 * and retries until the two C reads agree; P then held with that C. Both indices are padded apart
 * ({@link QueueLayout}): the two threads write them on every operation.
 *
 * <p>Compared with JCTools' {@code SpscArrayQueue}: JCTools signals slot occupancy through the
 * slot itself (a null slot is free) and looks ahead a whole stride, which reads the other index
 * even less often; this queue uses cached indices, which is simpler to argue and keeps {@link
 * #size} exact. Lockstep keeps its own copy because the engine and the benchmarks measure it
 * against JCTools.
 *
 * @param <E> element type
 */
public final class SpscQueue<E> extends QueueLayout.SpscPad2 implements BoundedQueue<E> {
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER_INDEX = l.findVarHandle(QueueLayout.SpscProducerFields.class, "producerIndex", long.class);
            CONSUMER_INDEX = l.findVarHandle(QueueLayout.SpscConsumerFields.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] elements;
    private final int mask;

    /**
     * A queue holding at least {@code requestedCapacity} elements, rounded up to a power of two.
     *
     * @throws IllegalArgumentException if {@code requestedCapacity} is not in {@code [1,
     *     MpmcQueue.MAX_CAPACITY]}
     */
    public SpscQueue(int requestedCapacity) {
        int capacity = MpmcQueue.roundCapacity("SpscQueue", requestedCapacity, 1);
        this.elements = new Object[capacity];
        this.mask = capacity - 1;
    }

    // ---- accessors, named by ordering (see package-info) ----

    private long plainProducerIndex() {
        return (long) PRODUCER_INDEX.get(this);
    }

    private long acquireProducerIndex() {
        return (long) PRODUCER_INDEX.getAcquire(this);
    }

    private void releaseProducerIndex(long value) {
        PRODUCER_INDEX.setRelease(this, value);
    }

    private long plainConsumerIndex() {
        return (long) CONSUMER_INDEX.get(this);
    }

    private long acquireConsumerIndex() {
        return (long) CONSUMER_INDEX.getAcquire(this);
    }

    private void releaseConsumerIndex(long value) {
        CONSUMER_INDEX.setRelease(this, value);
    }

    // ---- producer only ----

    /** Producer only. See the class overview; returns {@code false} when full. */
    @Override
    public boolean offer(E element) {
        if (element == null) {
            throw new NullPointerException("SpscQueue does not accept null elements");
        }
        long p = plainProducerIndex(); // plain: only this thread writes it
        if (p - cachedConsumerIndex >= elements.length && !refreshConsumerIndexSlowPath(p)) {
            return false;
        }
        elements[(int) p & mask] = element; // plain: published by the release below
        releaseProducerIndex(p + 1);
        return true;
    }

    /** The cached view said full: read C (acquire) and say whether there is room after all. */
    private boolean refreshConsumerIndexSlowPath(long p) {
        long c = acquireConsumerIndex(); // acquire: the consumer cleared the slot before releasing C
        cachedConsumerIndex = c;
        return p - c < elements.length;
    }

    // ---- consumer only ----

    /** Consumer only. See the class overview; returns {@code null} when empty. */
    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        long c = plainConsumerIndex(); // plain: only this thread writes it
        if (c >= cachedProducerIndex && !refreshProducerIndexSlowPath(c)) {
            return null;
        }
        int slot = (int) c & mask;
        E e = (E) elements[slot]; // plain: made visible by the acquire of P
        elements[slot] = null; // plain: published by the release below
        releaseConsumerIndex(c + 1);
        return e;
    }

    /** The cached view said empty: read P (acquire) and say whether there is an element after all. */
    private boolean refreshProducerIndexSlowPath(long c) {
        long p = acquireProducerIndex(); // acquire: the producer wrote the slot before releasing P
        cachedProducerIndex = p;
        return c < p;
    }

    // ---- any thread ----

    @Override
    public int size() {
        long c = acquireConsumerIndex();
        while (true) {
            long before = c;
            long p = acquireProducerIndex();
            c = acquireConsumerIndex();
            if (c == before) { // C did not move while P was read
                return (int) Math.max(0, Math.min(p - c, elements.length));
            }
        }
    }

    @Override
    public boolean isEmpty() {
        long c = acquireConsumerIndex();
        return c >= acquireProducerIndex();
    }

    @Override
    public int capacity() {
        return elements.length;
    }

    @Override
    public String toString() {
        return "SpscQueue[capacity=" + capacity() + ", size=" + size() + "]";
    }
}
