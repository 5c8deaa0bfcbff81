package dev.lockstep.core.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The free list of an object pool: a lock-free Treiber stack of slot indices, intrusive (the link
 * lives in the {@link Slot}), with a version tag against ABA, plus the pool's current {@link
 * SlotTable}.
 *
 * <p><b>Why a tag.</b> Slots are reused, so a plain Treiber stack of them has the ABA problem: a
 * popper reads top = X and X.next = Y, stalls; others pop X, pop Y, push X; the popper's CAS of top
 * from X to Y then succeeds and hands out Y a second time. Here the top is one {@code long}: the low
 * 32 bits are the index of the top slot ({@link #EMPTY} when none), the high 32 bits a tag that every
 * successful push and pop increments. A CAS that succeeds therefore proves that no push or pop
 * happened since the top was read, so the {@code next} read in between was X's link at that time.
 * The tag wraps after 2<sup>32</sup> operations; a popper stalled for exactly that many operations
 * between its read and its CAS is the residual risk.
 *
 * <p><b>Orderings.</b> A push writes the slot's {@code next} opaque, then CASes the top (volatile),
 * which publishes the link and everything the releasing thread wrote to the object (for example the
 * reset hook's writes). A pop reads the top volatile, then the table with acquire (a slot index is
 * pushed only after the table holding it was published, so the table read sees it), then {@code
 * next} opaque: the value it sees is the one published by the push that installed the top it read,
 * or a later one, and a later one means the tag moved and the CAS fails.
 */
public final class SlotStack<T> {
    /** Index meaning "no slot": the empty stack's top, the last slot's next. */
    public static final int EMPTY = -1;

    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final VarHandle TOP;
    private static final VarHandle TABLE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOP = lookup.findVarHandle(SlotStack.class, "top", long.class);
            TABLE = lookup.findVarHandle(SlotStack.class, "table", SlotTable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through TOP
    private long top = pack(EMPTY, 0);

    @SuppressWarnings("unused") // accessed through TABLE
    private SlotTable<T> table = SlotTable.empty();

    @SuppressWarnings("unchecked")
    public SlotTable<T> acquireTable() {
        return (SlotTable<T>) TABLE.getAcquire(this);
    }

    /** Publishes a grown table; must happen before any of its new slots is pushed. */
    public void releaseTable(SlotTable<T> next) {
        TABLE.setRelease(this, next);
    }

    /** Pops the top slot, or returns null if the stack is empty. Lock-free. */
    public Slot<T> pop() {
        for (; ; ) {
            long top = volatileTop();
            int index = index(top);
            if (index == EMPTY) {
                return null;
            }
            Slot<T> slot = acquireTable().slot(index);
            int next = slot.opaqueNext();
            if (casTop(top, pack(next, tag(top) + 1))) { // tag unchanged => next was X's link: no ABA
                return slot;
            }
            Thread.onSpinWait();
        }
    }

    /** Pushes a slot that the caller owns (it is not on the stack). Lock-free. */
    public void push(Slot<T> slot) {
        for (; ; ) {
            long top = volatileTop();
            slot.setOpaqueNext(index(top));
            if (casTop(top, pack(slot.index(), tag(top) + 1))) { // volatile CAS publishes next
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Whether the stack looked empty at one instant; a hint only. */
    public boolean isEmptyHint() {
        return index(volatileTop()) == EMPTY;
    }

    private long volatileTop() {
        return (long) TOP.getVolatile(this);
    }

    private boolean casTop(long expected, long next) {
        return TOP.compareAndSet(this, expected, next);
    }

    private static long pack(int index, int tag) {
        return ((long) tag << 32) | (index & INDEX_MASK);
    }

    private static int index(long top) {
        return (int) top;
    }

    private static int tag(long top) {
        return (int) (top >>> 32);
    }
}
