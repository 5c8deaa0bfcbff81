package dev.lockstep.core.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded lock-free LIFO stack (R. K. Treiber, 1986): a singly linked list whose head,
 * {@code top}, is swung by CAS. Any thread may call any method.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>State: {@code top}, the most recently pushed node, or null. Each node holds an element and
 * {@code next}, the node below it. Invariant: a node is immutable once it is reachable from {@code
 * top}: {@code next} is written (plain) only before the CAS that publishes the node, and never
 * after. So the list reachable from any value of {@code top} is exactly the stack's content at the
 * moment that value was installed.
 *
 * <ul>
 *   <li><b>push</b>: read {@code top}, point the new node's {@code next} at it, CAS {@code top}
 *       from that value to the node; retry on failure. Linearizes at the winning CAS; the CAS
 *       (volatile) publishes the node's fields.
 *   <li><b>pop</b>: read {@code top} (acquire); if null, the stack is empty (linearizes at that
 *       read); otherwise CAS {@code top} from it to its {@code next}; retry on failure. Linearizes
 *       at the winning CAS.
 *   <li><b>peek</b>, {@link #isEmpty()}: one acquire read of {@code top}.
 *   <li><b>size</b>: walks the immutable list from one read of {@code top}: the exact size at that
 *       read (so it is linearizable), in time proportional to the size, and stale as soon as
 *       another thread pushes or pops. Use it for diagnostics, not for control flow.
 * </ul>
 *
 * <p>ABA: a CAS on {@code top} from node A to A's {@code next} could go wrong in a language with
 * manual memory reuse if A were popped, freed, reallocated and pushed again between the read and
 * the CAS. Here every push allocates a fresh node and nodes are never recycled; the garbage
 * collector cannot reuse A's memory while this thread still holds a reference to A, so a CAS that
 * sees A sees the same node with the same {@code next}. The stack is ABA-free for that reason
 * alone; do not add node pooling without adding a stamp.
 *
 * <p>Contention: all threads CAS the one {@code top}; a failed CAS spins once ({@link
 * Thread#onSpinWait()}) before retrying. No padding (one hot field, nothing to separate it from).
 * The JDK has no public lock-free stack; {@link java.util.concurrent.ConcurrentLinkedDeque} can be
 * used as one but is a doubly linked deque with more work per operation.
 *
 * @param <E> element type
 */
public final class LockFreeStack<E> {
    private static final VarHandle TOP;

    static {
        try {
            TOP = MethodHandles.lookup().findVarHandle(LockFreeStack.class, "top", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node<E> {
        final E element;
        Node<E> next; // plain: written before the publishing CAS only (see overview)

        Node(E element) {
            this.element = element;
        }
    }

    @SuppressWarnings("unused") // through TOP
    private volatile Node<E> top;

    /** An empty stack. */
    public LockFreeStack() {}

    // ---- accessors, named by ordering (see package-info) ----

    @SuppressWarnings("unchecked")
    private Node<E> acquireTop() {
        return (Node<E>) TOP.getAcquire(this);
    }

    private boolean casTop(Node<E> expected, Node<E> next) {
        return TOP.compareAndSet(this, expected, next);
    }

    // ---- operations ----

    /**
     * Pushes {@code element} on top.
     *
     * @throws NullPointerException if {@code element} is null
     */
    public void push(E element) {
        if (element == null) {
            throw new NullPointerException("LockFreeStack does not accept null elements");
        }
        Node<E> node = new Node<>(element);
        while (true) {
            Node<E> t = acquireTop();
            node.next = t; // plain: the node is not yet reachable
            if (casTop(t, node)) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Removes and returns the top element, or {@code null} if the stack was empty. */
    public E pop() {
        while (true) {
            Node<E> t = acquireTop();
            if (t == null) {
                return null;
            }
            if (casTop(t, t.next)) { // t.next is immutable once t is reachable: no ABA (overview)
                return t.element;
            }
            Thread.onSpinWait();
        }
    }

    /** The top element without removing it, or {@code null} if the stack was empty. */
    public E peek() {
        Node<E> t = acquireTop();
        return t == null ? null : t.element;
    }

    /** Whether the stack was empty at the moment of the call's read. */
    public boolean isEmpty() {
        return acquireTop() == null;
    }

    /** The number of elements at one moment during the call; O(size), see the class overview. */
    public int size() {
        int n = 0;
        for (Node<E> x = acquireTop(); x != null && n < Integer.MAX_VALUE; x = x.next) {
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        return "LockFreeStack[size=" + size() + "]";
    }
}
