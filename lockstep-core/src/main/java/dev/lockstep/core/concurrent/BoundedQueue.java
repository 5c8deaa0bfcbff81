package dev.lockstep.core.concurrent;

import java.util.function.Consumer;

/**
 * The contract shared by Lockstep's bounded FIFO queues ({@link MpmcQueue}, {@link
 * BlockingMpmcQueue}, {@link SpscQueue}). It is deliberately smaller than {@link java.util.Queue}:
 * no iteration, no removal from the middle, no {@code null}. Each implementation says which
 * threads may call which method (SPSC allows one producer and one consumer only).
 *
 * <p>Every implementation is linearizable for {@link #offer}, {@link #poll}, {@link #size} and
 * {@link #isEmpty} under its threading contract; {@link #drain} is a sequence of polls, not one
 * atomic step.
 *
 * @param <E> element type
 */
public interface BoundedQueue<E> {
    /**
     * Appends {@code element} if there is room.
     *
     * @return {@code true} if appended, {@code false} if the queue was full
     * @throws NullPointerException if {@code element} is null
     */
    boolean offer(E element);

    /** Removes and returns the oldest element, or {@code null} if the queue was empty. */
    E poll();

    /** The number of elements at some moment during the call, in {@code [0, capacity()]}. */
    int size();

    /** Whether the queue was empty at some moment during the call. */
    boolean isEmpty();

    /** The fixed number of elements the queue holds when full (a power of two). */
    int capacity();

    /**
     * Polls up to {@code limit} elements and hands each to {@code consumer}, stopping early when the
     * queue is empty. Equivalent to that many {@link #poll()} calls: elements offered during the
     * drain may be included, and other consumers may take elements in between.
     *
     * @return the number of elements handed to {@code consumer}
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws NullPointerException if {@code consumer} is null
     */
    default int drain(Consumer<? super E> consumer, int limit) {
        java.util.Objects.requireNonNull(consumer, "drain: consumer is null");
        if (limit < 0) {
            throw new IllegalArgumentException("drain limit must be >= 0, was " + limit);
        }
        int n = 0;
        for (E e; n < limit && (e = poll()) != null; n++) {
            consumer.accept(e);
        }
        return n;
    }
}
