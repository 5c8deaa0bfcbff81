package dev.lockstep.sync.internal;

/**
 * An intrusive FIFO of blocked tasks (a signal's waiters, a process's joiners, a parallel's parent).
 * The links live in {@link Task}: a task is in at most one wait list at a time ({@code Task.in}
 * names it), so unlinking a killed task is O(1) and nothing is allocated per wait. Order is
 * registration order; {@link #poll()} takes the oldest (waiters wake in registration order).
 */
public final class WaitList {
    Task head;
    Task tail;

    boolean isEmpty() {
        return head == null;
    }

    void add(Task t) {
        t.in = this; // invariant: a task is in at most one wait list
        t.wPrev = tail;
        t.wNext = null;
        if (tail == null) {
            head = t;
        } else {
            tail.wNext = t;
        }
        tail = t;
    }

    Task poll() {
        Task t = head;
        if (t != null) {
            remove(t);
        }
        return t;
    }

    void remove(Task t) {
        Task p = t.wPrev;
        Task n = t.wNext;
        if (p == null) {
            head = n;
        } else {
            p.wNext = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.wPrev = p;
        }
        t.in = null;
        t.wPrev = null;
        t.wNext = null;
    }
}
