package dev.lockstep.core.concurrent;

import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An unbounded concurrent earliest-deadline-first queue: every element is added with a deadline in
 * nanoseconds, and {@link #poll()} returns the element with the smallest deadline; elements with
 * equal deadlines come out in the order they were added. Any thread may call any method; every
 * method is linearizable.
 *
 * <p>Deadlines are compared as signed {@code long}s. Values derived from {@link System#nanoTime()}
 * (now plus a delay) work as long as the additions do not overflow; compare against such a clock
 * with {@link #pollDue(long)}.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>One lock guards a binary heap ({@link PriorityQueue}) of entries {@code (deadline, sequence,
 * element)} ordered by deadline, then sequence. The sequence is a counter read and incremented
 * under the same lock as the heap insert, so "added earlier" means "linearized earlier", which is
 * what makes ties FIFO in the linearizable sense. (A lock-free design, such as a {@link
 * java.util.concurrent.ConcurrentSkipListMap} keyed by deadline and a sequence taken from an atomic
 * counter before the insert, gets ties wrong: two adders can take sequences in one order and
 * insert in the other, and a poll in between sees the later one first.)
 *
 * <p>This is the design of the JDK's {@link java.util.concurrent.PriorityBlockingQueue}, which is
 * a lock around a binary heap too; this class exists because that queue has no FIFO order among
 * equal keys and cannot assign a sequence under its own lock. Heap operations are O(log n); the
 * critical sections are short and allocation-free except for the entry created before the lock.
 *
 * @param <E> element type
 */
public final class DeadlineQueue<E> implements PriorityTaskQueue<E> {
    private record Entry<E>(long deadline, long sequence, E element) implements Comparable<Entry<E>> {
        @Override
        public int compareTo(Entry<E> o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(sequence, o.sequence); // equal deadlines: FIFO
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Entry<E>> heap = new PriorityQueue<>();
    private long nextSequence; // guarded by lock

    /** An empty queue. */
    public DeadlineQueue() {}

    /**
     * Adds {@code element} with {@code deadlineNanos}.
     *
     * @throws NullPointerException if {@code element} is null
     */
    public void add(E element, long deadlineNanos) {
        if (element == null) {
            throw new NullPointerException("DeadlineQueue does not accept null elements");
        }
        lock.lock();
        try {
            heap.add(new Entry<>(deadlineNanos, nextSequence++, element)); // sequence under the lock
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the element with the earliest deadline, or {@code null} if empty. */
    @Override
    public E poll() {
        lock.lock();
        try {
            Entry<E> e = heap.poll();
            return e == null ? null : e.element();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the element with the earliest deadline if that deadline is at or before
     * {@code nowNanos}; otherwise (or when empty) returns {@code null} and removes nothing.
     */
    public E pollDue(long nowNanos) {
        lock.lock();
        try {
            Entry<E> e = heap.peek();
            if (e == null || e.deadline() > nowNanos) {
                return null;
            }
            heap.poll();
            return e.element();
        } finally {
            lock.unlock();
        }
    }

    /** The element {@link #poll()} would return, without removing it; {@code null} if empty. */
    public E peek() {
        lock.lock();
        try {
            Entry<E> e = heap.peek();
            return e == null ? null : e.element();
        } finally {
            lock.unlock();
        }
    }

    /** Exact at the moment of the call. */
    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Exact at the moment of the call. */
    @Override
    public int size() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "DeadlineQueue[size=" + size() + "]";
    }
}
