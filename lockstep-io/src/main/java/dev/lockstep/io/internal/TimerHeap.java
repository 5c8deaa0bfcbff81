package dev.lockstep.io.internal;

import java.util.Arrays;

/**
 * The pending timers of one I/O runtime: an intrusive, indexed binary min-heap whose nodes are the
 * task records themselves. A task waits for one thing at a time, so it has at most one timer (the
 * end of a sleep, or the timeout or deadline of its current wait); the record holds that timer's
 * deadline, tie-break sequence and kind, and its own position in the heap ({@code timerIndex}).
 *
 * <p>Why intrusive and indexed: a timeout almost never fires (a keep-alive connection arms its idle
 * timeout on every request and the next request ends the wait long before it), so the timer must
 * leave the heap when the wait ends, not when its deadline passes. A heap of immutable timer
 * objects with lazy deletion (the runtime's first design) kept every such timer until its deadline:
 * with a 60 s idle timeout at 100k requests per second that is six million dead entries, growing
 * the old generation until a full collection stalls the loop. Here {@link #remove} takes the
 * record out in O(log n), n being the number of tasks waiting with a timer, and nothing is
 * allocated per wait.
 *
 * <p>Invariants (loop thread only, no concurrency): a record is in the heap exactly when its
 * {@code timerIndex} is non-negative, and then {@code heap[timerIndex] == record}
 * ({@code indexAndPositionAgreeAfterEveryOperation}); every parent is due no later than its
 * children, deadlines compared by difference (they are {@code System.nanoTime} readings), ties by
 * sequence, so timers with equal deadlines fire in the order they were armed
 * ({@code equalDeadlinesFireInArmingOrder}).
 */
public final class TimerHeap {
    private IoTaskRecord[] heap = new IoTaskRecord[64];
    private int size;
    private long seq;

    /** Timers pending. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The record due first, or null. */
    public IoTaskRecord peek() {
        return size == 0 ? null : heap[0];
    }

    /**
     * Arms {@code r}'s timer at {@code deadline}: {@code timeout} true ends its wait with TIMED_OUT,
     * false ends a sleep. The record must not have a timer already.
     */
    public void add(IoTaskRecord r, long deadline, boolean timeout) {
        if (r.timerIndex >= 0) {
            throw new IllegalStateException("a task record holds one timer at a time");
        }
        r.timerAt = deadline;
        r.timerSeq = seq++;
        r.timerIsTimeout = timeout;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, r);
    }

    /** Takes out the record due first; null when empty. */
    public IoTaskRecord poll() {
        if (size == 0) {
            return null;
        }
        IoTaskRecord first = heap[0];
        removeAt(0);
        return first;
    }

    /** Takes {@code r}'s timer out if it has one (its wait ended before the deadline). */
    public void remove(IoTaskRecord r) {
        int i = r.timerIndex;
        if (i >= 0) {
            removeAt(i);
        }
    }

    /** Drops every timer. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].timerIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }

    private void removeAt(int i) {
        IoTaskRecord gone = heap[i];
        gone.timerIndex = -1; // invariant: out of the heap exactly when the index is negative
        int last = --size;
        IoTaskRecord moved = heap[last];
        heap[last] = null;
        if (i == last) {
            return;
        }
        siftDown(i, moved);
        if (heap[i] == moved) { // it did not go down: it may have to go up (removal from the middle)
            siftUp(i, moved);
        }
    }

    private void siftUp(int i, IoTaskRecord r) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            IoTaskRecord p = heap[parent];
            if (!before(r, p)) {
                break;
            }
            place(i, p);
            i = parent;
        }
        place(i, r);
    }

    private void siftDown(int i, IoTaskRecord r) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            IoTaskRecord c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, r)) {
                break;
            }
            place(i, c);
            i = child;
        }
        place(i, r);
    }

    private void place(int i, IoTaskRecord r) {
        heap[i] = r;
        r.timerIndex = i; // invariant: heap[timerIndex] == record
    }

    /** Whether {@code a} is due strictly before {@code b}: deadlines by difference, then arming order. */
    private static boolean before(IoTaskRecord a, IoTaskRecord b) {
        long d = a.timerAt - b.timerAt;
        return d < 0 || (d == 0 && a.timerSeq < b.timerSeq);
    }

    /** For tests: checks both invariants of the overview; throws naming the first broken one. */
    void check() {
        for (int i = 0; i < size; i++) {
            if (heap[i].timerIndex != i) {
                throw new AssertionError("heap[" + i + "] has timerIndex " + heap[i].timerIndex);
            }
            if (i > 0 && before(heap[i], heap[(i - 1) >>> 1])) {
                throw new AssertionError("heap[" + i + "] is due before its parent");
            }
        }
    }
}
