package dev.lockstep.core.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled object and its bookkeeping: its index in the pool (its name on the free list), the
 * index of the next free slot while it is on the free list, and its state word.
 *
 * <p>The state word packs three things: bit 0 is {@link #OUT} (handed out), bit 1 is {@link
 * #DISCARDED} (removed from the pool after its reset hook failed), and bits 2 to 31 count the
 * hand-outs, so that a {@code PooledRef} from an earlier hand-out can be told from the current one.
 * The count wraps after 2<sup>30</sup> hand-outs of one slot; a stale handle held across exactly
 * that many reuses would go undetected.
 *
 * <p>Field orderings follow the vocabulary of {@code dev.lockstep.core.concurrent}: {@code next} is
 * written opaque before a CAS of the stack top publishes it, and read opaque after a volatile read
 * of the top (see {@link SlotStack}); {@code state} is changed by CAS (release) or by a release
 * store of the one thread that owns the slot after popping it.
 */
public final class Slot<T> {
    /** Bit 0 of the state: the object is handed out. */
    public static final int OUT = 1;
    /** Bit 1 of the state: the object was discarded and is never handed out again. */
    public static final int DISCARDED = 2;
    /** Added to the state at each hand-out (bits 2 and up count hand-outs). */
    public static final int GENERATION_STEP = 4;

    private static final VarHandle NEXT;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(Slot.class, "next", int.class);
            STATE = lookup.findVarHandle(Slot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final T object;
    private final int index;

    @SuppressWarnings("unused") // accessed through NEXT
    private int next = SlotStack.EMPTY;

    @SuppressWarnings("unused") // accessed through STATE
    private int state;

    public Slot(T object, int index) {
        this.object = object;
        this.index = index;
    }

    public T object() {
        return object;
    }

    public int index() {
        return index;
    }

    int opaqueNext() {
        return (int) NEXT.getOpaque(this);
    }

    void setOpaqueNext(int value) {
        NEXT.setOpaque(this, value);
    }

    public int acquireState() {
        return (int) STATE.getAcquire(this);
    }

    public void releaseState(int value) {
        STATE.setRelease(this, value);
    }

    /** CAS of the state; returns the witness value (equal to {@code expected} when it won). */
    public int caxState(int expected, int next) {
        return (int) STATE.compareAndExchange(this, expected, next);
    }

    public static boolean isOut(int state) {
        return (state & OUT) != 0;
    }

    public static boolean isDiscarded(int state) {
        return (state & DISCARDED) != 0;
    }

    /** The state a slot takes when it is handed out: next generation, {@link #OUT} set. */
    public static int nextHandOut(int state) {
        return ((state & ~(OUT | DISCARDED)) + GENERATION_STEP) | OUT;
    }
}
