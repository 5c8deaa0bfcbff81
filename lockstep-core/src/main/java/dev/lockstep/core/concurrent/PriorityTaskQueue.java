package dev.lockstep.core.concurrent;

/**
 * The consumer side shared by Lockstep's two concurrent priority queues, so that a scheduler can
 * take work from either without knowing which:
 *
 * <ul>
 *   <li>{@link LevelPriorityQueue}: a fixed number of priority levels, one lock-free FIFO each;
 *       {@code poll} serves the highest non-empty level, FIFO within a level. O(1) offer, O(levels)
 *       poll at worst.
 *   <li>{@link DeadlineQueue}: earliest deadline first, FIFO among equal deadlines; O(log n).
 * </ul>
 *
 * <p>Producers use the implementation's own {@code add}, which says where the element goes (a
 * level or a deadline). Both queues are unbounded and refuse null elements. Both are linearizable
 * for {@code add} and {@code poll}; see each class for {@code size} and {@code isEmpty}.
 *
 * @param <E> element type
 */
public sealed interface PriorityTaskQueue<E> permits LevelPriorityQueue, DeadlineQueue {
    /** Removes and returns the most urgent element, or {@code null} if the queue was empty. */
    E poll();

    /** Whether the queue was empty (see the implementation for how exact this is). */
    boolean isEmpty();

    /** The number of elements (see the implementation for how exact this is). */
    int size();

    /** A queue with {@code levels} priority levels, {@code levels - 1} the most urgent. */
    static <E> LevelPriorityQueue<E> withLevels(int levels) {
        return new LevelPriorityQueue<>(levels);
    }

    /** An earliest-deadline-first queue. */
    static <E> DeadlineQueue<E> earliestDeadlineFirst() {
        return new DeadlineQueue<>();
    }
}
