package dev.lockstep.core.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded concurrent priority queue with a fixed number of priority levels: {@code levels - 1}
 * is the most urgent, {@code 0} the least. {@link #poll()} returns the oldest element of the
 * highest non-empty level; within a level the order is FIFO. Any thread may call any method.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>State: one lock-free FIFO per level, each a Michael-Scott linked queue (1996): a {@code head}
 * sentinel node, a {@code tail} hint, nodes linked by {@code next}, which is set once by CAS from
 * null and never changed again. Each node also carries its {@code index} within its level (the
 * sentinel of a new level is 0; a node's index is its predecessor's plus one), written before the
 * CAS that links it. A level is empty exactly when its head's {@code next} is null.
 *
 * <p><b>add</b>: the Michael-Scott enqueue; it linearizes at the CAS that links the node, and helps
 * a lagging {@code tail} along. <b>poll</b> scans from the top level down, reading each head and
 * its {@code next}, and stops at the first level {@code k} with an element {@code n}. Scanning
 * alone is not linearizable: an element added to a level above {@code k} after the scan passed it
 * could already have been observed (polled, even) by someone else while this poll still takes from
 * {@code k}. So poll validates: it sums the indices of the empty heads it passed, then re-reads
 * every level above {@code k} and requires each to still be empty with the same sum. Indices only
 * grow, so an equal sum means every head is the same node, and a head whose {@code next} is still
 * null had nothing linked after it in between (links are permanent): every level above {@code k}
 * was empty throughout, in particular at the moment poll read {@code n} as {@code k}'s first
 * element. Then poll CASes {@code k}'s head from the sentinel it read to {@code n}; success means
 * no one removed {@code n} since. Poll linearizes at its read of {@code n}. If validation or CAS
 * fails, another operation made progress and poll starts over (lock-free). When the scan finds no
 * element, the same validation over all levels proves a moment at which all were empty, and poll
 * returns null. A poll that finds the top level non-empty needs no validation.
 *
 * <p>{@link #isEmpty()} uses the same validated scan and is exact when it answers true. {@link
 * #size()} adds up per-level differences of indices and is an estimate under concurrent changes:
 * it may count an element whose poll has linearized but not yet swung the head.
 *
 * <p>No padding: each level's head and tail are contended by its consumers and producers, as in
 * {@link java.util.concurrent.ConcurrentLinkedQueue}, and were not measured to need it. The JDK's
 * {@code ConcurrentLinkedQueue} is the same algorithm, but it hides its nodes, and poll's validation
 * needs the head node and its index; hence this small copy.
 *
 * @param <E> element type
 */
public final class LevelPriorityQueue<E> implements PriorityTaskQueue<E> {
    /** The largest number of levels; poll's cost grows with the number of empty levels above. */
    public static final int MAX_LEVELS = 256;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(Level.class, "head", Node.class);
            TAIL = l.findVarHandle(Level.class, "tail", Node.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node<E> {
        E element; // plain: written before the linking CAS; cleared by the poll that takes it
        long index; // plain: written before the linking CAS, never after

        @SuppressWarnings("unused") // through NEXT
        volatile Node<E> next;

        Node(E element) {
            this.element = element;
        }

        @SuppressWarnings("unchecked")
        Node<E> acquireNext() {
            return (Node<E>) NEXT.getAcquire(this);
        }

        boolean casNext(Node<E> expected, Node<E> value) {
            return NEXT.compareAndSet(this, expected, value);
        }
    }

    /** One Michael-Scott FIFO. */
    private static final class Level<E> {
        @SuppressWarnings("unused") // through HEAD
        volatile Node<E> head;

        @SuppressWarnings("unused") // through TAIL
        volatile Node<E> tail;

        Level() {
            Node<E> sentinel = new Node<>(null);
            HEAD.setRelease(this, sentinel);
            TAIL.setRelease(this, sentinel);
        }

        @SuppressWarnings("unchecked")
        Node<E> acquireHead() {
            return (Node<E>) HEAD.getAcquire(this);
        }

        boolean casHead(Node<E> expected, Node<E> value) {
            return HEAD.compareAndSet(this, expected, value);
        }

        @SuppressWarnings("unchecked")
        Node<E> acquireTail() {
            return (Node<E>) TAIL.getAcquire(this);
        }

        boolean casTail(Node<E> expected, Node<E> value) {
            return TAIL.compareAndSet(this, expected, value);
        }

        void enqueue(Node<E> node) {
            while (true) {
                Node<E> t = acquireTail();
                Node<E> next = t.acquireNext();
                if (next == null) {
                    node.index = t.index + 1; // plain: published by the linking CAS
                    if (t.casNext(null, node)) { // linearization point of add
                        casTail(t, node); // may fail: someone helped already
                        return;
                    }
                } else {
                    casTail(t, next); // tail lags: help it along, then retry
                }
            }
        }

        /** The index of the last linked node, found from the tail hint. */
        long lastIndex() {
            Node<E> x = acquireTail();
            for (Node<E> n; (n = x.acquireNext()) != null; ) {
                x = n;
            }
            return x.index;
        }
    }

    private final Level<E>[] levels;

    /**
     * A queue with {@code levels} priority levels.
     *
     * @throws IllegalArgumentException if {@code levels} is not in {@code [1, MAX_LEVELS]}
     */
    public LevelPriorityQueue(int levels) {
        if (levels < 1 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException(
                    "LevelPriorityQueue: levels must be in [1, " + MAX_LEVELS + "], was " + levels);
        }
        @SuppressWarnings("unchecked")
        Level<E>[] ls = (Level<E>[]) new Level<?>[levels];
        for (int i = 0; i < levels; i++) {
            ls[i] = new Level<>();
        }
        this.levels = ls;
    }

    /** The number of levels; valid levels are {@code 0} (least urgent) to {@code levels() - 1}. */
    public int levels() {
        return levels.length;
    }

    /**
     * Appends {@code element} at the tail of {@code level}.
     *
     * @throws NullPointerException if {@code element} is null
     * @throws IllegalArgumentException if {@code level} is not in {@code [0, levels())}
     */
    public void add(E element, int level) {
        if (element == null) {
            throw new NullPointerException("LevelPriorityQueue does not accept null elements");
        }
        levels[checkLevel(level)].enqueue(new Node<>(element));
    }

    private int checkLevel(int level) {
        if (level < 0 || level >= levels.length) {
            throw new IllegalArgumentException(
                    "LevelPriorityQueue: level " + level + " is not in [0, " + (levels.length - 1) + "]");
        }
        return level;
    }

    /** The oldest element of the highest non-empty level, or null; see the class overview. */
    @Override
    public E poll() {
        final Level<E>[] ls = levels;
        final int top = ls.length - 1;
        while (true) {
            long emptyHeads = 0; // sum of the indices of the empty heads passed on the way down
            int k = top;
            Node<E> head = null;
            Node<E> first = null;
            for (; k >= 0; k--) {
                head = ls[k].acquireHead();
                first = head.acquireNext();
                if (first != null) {
                    break;
                }
                emptyHeads += head.index;
            }
            if (k < top && !emptyThroughout(ls, k, emptyHeads)) {
                continue; // something arrived above k: start over
            }
            if (k < 0) {
                return null; // every level was empty at one moment
            }
            if (ls[k].casHead(head, first)) { // first was still k's oldest: take it
                E e = first.element;
                first.element = null; // first is the new sentinel; only this thread reads its element
                return e;
            }
        }
    }

    /**
     * Whether every level above {@code k} still has an empty head and the same heads as on the way
     * down (their indices sum to {@code emptyHeads}): then each was empty throughout.
     */
    private static <E> boolean emptyThroughout(Level<E>[] ls, int k, long emptyHeads) {
        long sum = 0;
        for (int l = ls.length - 1; l > k; l--) {
            Node<E> h = ls[l].acquireHead();
            if (h.acquireNext() != null) {
                return false;
            }
            sum += h.index;
        }
        return sum == emptyHeads; // indices only grow: equal sums, equal heads
    }

    /** Whether every level was empty at one moment during the call (exact when true). */
    @Override
    public boolean isEmpty() {
        final Level<E>[] ls = levels;
        while (true) {
            long emptyHeads = 0;
            for (int l = ls.length - 1; l >= 0; l--) {
                Node<E> h = ls[l].acquireHead();
                if (h.acquireNext() != null) {
                    return false;
                }
                emptyHeads += h.index;
            }
            if (emptyThroughout(ls, -1, emptyHeads)) {
                return true;
            }
        }
    }

    /** An estimate of the number of elements, exact when no operation is in flight. */
    @Override
    public int size() {
        long n = 0;
        for (Level<E> level : levels) {
            long h = level.acquireHead().index; // head first: the last index read after it is not below
            n += Math.max(0, level.lastIndex() - h);
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** The estimated number of elements at {@code level}. */
    public int size(int level) {
        Level<E> l = levels[checkLevel(level)];
        long h = l.acquireHead().index;
        return (int) Math.min(Math.max(0, l.lastIndex() - h), Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
        return "LevelPriorityQueue[levels=" + levels.length + ", size=" + size() + "]";
    }
}
