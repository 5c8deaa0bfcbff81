package dev.lockstep.core.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded multi-producer multi-consumer FIFO queue over a ring of sequence-numbered slots (after
 * Dmitry Vyukov's bounded MPMC queue). Any thread may offer and poll. {@code offer} returns {@code
 * false} when full and {@code poll} returns {@code null} when empty; neither blocks on a lock, see
 * {@link BlockingMpmcQueue} for waiting.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>State: {@code producerIndex} P (the next index a producer claims), {@code consumerIndex} C (the
 * next index a consumer claims), a ring of {@code capacity} element slots and, beside it, one
 * {@code long} sequence per slot. Index {@code i} lives in slot {@code i & mask}. Both indices only
 * grow. The sequence of slot {@code s} tells whose turn it is for the index {@code i} that maps to
 * it in the current lap:
 *
 * <ul>
 *   <li>{@code seq == i}: free, the producer of {@code i} may claim it;
 *   <li>{@code seq == i + 1}: holds the element of index {@code i}, its consumer may claim it;
 *   <li>after the consumer of {@code i} is done, {@code seq == i + capacity}, which is the first
 *       state of the next lap.
 * </ul>
 *
 * <p><b>offer</b>: read P (volatile) and the slot's sequence (acquire). If {@code seq == P}, claim P
 * with a CAS P to P+1; the winner writes the element (plain) and publishes it by a release store of
 * {@code seq = P + 1}. The consumer's acquire read of that sequence sees the element. If {@code seq <
 * P}, the slot still belongs to the previous lap: the queue is full only if {@code P - capacity >=
 * C} (C read volatile); otherwise a consumer has claimed that slot and is about to free it, and the
 * producer retries. <b>poll</b> is the mirror image: claim C when {@code seq == C + 1}, read and
 * clear the slot (plain), release {@code seq = C + capacity}. If {@code seq < C + 1} the queue is
 * empty only if {@code C >= P}; otherwise a producer has claimed the slot and is about to publish,
 * and the consumer waits for it (spinning). Re-reading the other side's index before answering
 * "full" or "empty" is what makes those answers linearizable; Vyukov's original answers from the
 * sequence alone and can report "full" while a slot is being freed.
 *
 * <p>Linearization points: offer at its winning CAS of P, poll at its winning CAS of C, a full
 * offer at its read of C, an empty poll at its read of P, {@link #size} at its read of P between
 * two equal reads of C. Since a claimed slot is always eventually published, a claimed element is
 * "in" the queue from the CAS on; a consumer that reaches it before it is written waits, which makes
 * poll blocking (not lock-free) against a producer descheduled between claim and publish, and offer
 * likewise against a consumer descheduled between its claim and freeing the slot. This is the same
 * trade JCTools' {@code MpmcArrayQueue} makes.
 *
 * <p>Capacity is rounded up to a power of two, at least 2 (with one slot, "published at lap L"
 * and "free at lap L + 1" would be the same sequence value).
 *
 * <p>Padding: P and C are each on their own pair of cache lines ({@link QueueLayout}). They are
 * contended in every MPMC queue, every producer CASes P and every consumer CASes C, and sharing a
 * line between them measurably slows the other side; this is the one place in the queue where
 * padding pays. The ring and the sequence array are not padded.
 *
 * <p>Closing (package-private, for {@link BlockingMpmcQueue}): the sign bit of P is the closed
 * flag, set atomically with {@code getAndBitwiseOr}. Because producers claim by CAS on the whole
 * word, a close and a claim are totally ordered: after the close no index can be claimed, so
 * consumers that see the flag and then an empty queue know the queue is drained for good.
 *
 * <p>Compared with JCTools' {@code MpmcArrayQueue}: the same algorithm family (sequence array
 * beside the element ring, CAS-claimed indices, padded indices). JCTools additionally pads the
 * arrays, caches a producer limit, and offers relaxed and batch operations; Lockstep keeps its own
 * copy because the engine and the benchmarks measure it against JCTools.
 *
 * @param <E> element type
 */
public final class MpmcQueue<E> extends QueueLayout.MpmcPad2 implements BoundedQueue<E> {
    /** The largest capacity: an index into an int-sized array. */
    public static final int MAX_CAPACITY = 1 << 30;

    static final int OFFERED = 0;
    static final int FULL = 1;
    static final int CLOSED = 2;

    private static final long CLOSED_BIT = Long.MIN_VALUE;
    private static final long INDEX_BITS = Long.MAX_VALUE;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER_INDEX = l.findVarHandle(QueueLayout.MpmcProducerIndex.class, "producerIndex", long.class);
            CONSUMER_INDEX = l.findVarHandle(QueueLayout.MpmcConsumerIndex.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] elements;
    private final long[] sequences;
    private final int mask;

    /**
     * A queue holding at least {@code requestedCapacity} elements: the capacity is rounded up to a
     * power of two, and is at least 2.
     *
     * @throws IllegalArgumentException if {@code requestedCapacity} is not in {@code [1, MAX_CAPACITY]}
     */
    public MpmcQueue(int requestedCapacity) {
        int capacity = roundCapacity("MpmcQueue", requestedCapacity, 2);
        this.elements = new Object[capacity];
        this.sequences = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequences[i] = i; // slot i is free for index i; published by the final-field freeze
        }
        this.mask = capacity - 1;
    }

    /** Rounds up to a power of two, at least {@code min}; rejects values outside [1, MAX_CAPACITY]. */
    static int roundCapacity(String queue, int requested, int min) {
        if (requested < 1 || requested > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    queue + " capacity must be in [1, " + MAX_CAPACITY + "], was " + requested);
        }
        int c = Integer.highestOneBit(requested);
        if (c < requested) {
            c <<= 1;
        }
        return Math.max(c, min);
    }

    // ---- accessors, named by ordering (see package-info) ----

    private long volatileProducerIndex() {
        return (long) PRODUCER_INDEX.getVolatile(this);
    }

    private boolean casProducerIndex(long expected, long next) {
        return PRODUCER_INDEX.compareAndSet(this, expected, next);
    }

    private long volatileConsumerIndex() {
        return (long) CONSUMER_INDEX.getVolatile(this);
    }

    private boolean casConsumerIndex(long expected, long next) {
        return CONSUMER_INDEX.compareAndSet(this, expected, next);
    }

    private long acquireSequence(int slot) {
        return (long) SEQUENCE.getAcquire(sequences, slot);
    }

    private void releaseSequence(int slot, long value) {
        SEQUENCE.setRelease(sequences, slot, value);
    }

    // ---- producers ----

    /** See the class overview; returns {@code false} when full. */
    @Override
    public boolean offer(E element) {
        return offerOrClosed(element) == OFFERED;
    }

    /** {@link #offer} telling apart full ({@link #FULL}) from closed ({@link #CLOSED}). */
    int offerOrClosed(E element) {
        if (element == null) {
            throw new NullPointerException("MpmcQueue does not accept null elements");
        }
        final long[] seqs = sequences;
        while (true) {
            long p = volatileProducerIndex();
            if (p < 0) { // the sign bit is the closed flag: no claim after a close
                return CLOSED;
            }
            int slot = (int) p & mask;
            long seq = acquireSequence(slot);
            if (seq == p) {
                if (casProducerIndex(p, p + 1)) {
                    elements[slot] = element; // plain: published by the release below
                    releaseSequence(slot, p + 1); // seq == index + 1: the element is readable
                    return OFFERED;
                }
            } else if (seq < p) { // slot still holds the previous lap
                if (p - seqs.length >= volatileConsumerIndex()) { // re-read C: full only if unclaimed
                    return FULL;
                }
                Thread.onSpinWait(); // its consumer claimed it and is about to free it
            }
            // seq > p: another producer claimed p already; read P again
        }
    }

    // ---- consumers ----

    /** See the class overview; returns {@code null} when empty. */
    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        final long[] seqs = sequences;
        while (true) {
            long c = volatileConsumerIndex();
            int slot = (int) c & mask;
            long seq = acquireSequence(slot);
            long published = c + 1;
            if (seq == published) {
                if (casConsumerIndex(c, published)) {
                    E e = (E) elements[slot]; // plain: made visible by the acquire of seq
                    elements[slot] = null; // plain: published by the release below
                    releaseSequence(slot, c + seqs.length); // seq == next lap's index: free
                    return e;
                }
            } else if (seq < published) { // not yet published in this lap
                if (c >= (volatileProducerIndex() & INDEX_BITS)) { // re-read P: empty only if unclaimed
                    return null;
                }
                Thread.onSpinWait(); // its producer claimed it and is about to publish
            }
            // seq > published: another consumer claimed c already; read C again
        }
    }

    // ---- any thread ----

    @Override
    public int size() {
        long c = volatileConsumerIndex();
        while (true) {
            long before = c;
            long p = volatileProducerIndex() & INDEX_BITS;
            c = volatileConsumerIndex();
            if (c == before) { // C did not move while P was read: (P, C) held together at that read
                return (int) Math.max(0, Math.min(p - c, elements.length));
            }
        }
    }

    /** See {@link BoundedQueue#isEmpty()}: C then P; a non-empty answer saw P ahead of C at once. */
    @Override
    public boolean isEmpty() {
        long c = volatileConsumerIndex();
        return c >= (volatileProducerIndex() & INDEX_BITS);
    }

    @Override
    public int capacity() {
        return elements.length;
    }

    // ---- closing, for BlockingMpmcQueue ----

    /** Sets the closed flag; returns whether this call set it. No offer succeeds afterwards. */
    boolean close() {
        long before = (long) PRODUCER_INDEX.getAndBitwiseOr(this, CLOSED_BIT);
        return before >= 0;
    }

    /** Whether {@link #close()} has been called. */
    boolean isClosed() {
        return volatileProducerIndex() < 0;
    }

    @Override
    public String toString() {
        return "MpmcQueue[capacity=" + capacity() + ", size=" + size() + "]";
    }
}
