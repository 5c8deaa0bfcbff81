package dev.lockstep.core.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A work-stealing deque (Chase and Lev, 2005; memory orderings after Lê, Pop, Cohen and Zappa
 * Nardelli, 2013): one owner thread pushes and pops at the bottom (LIFO), any thread steals from
 * the top (FIFO). The engine gives each worker one of these.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>State: {@code top} (next index to steal; only ever increases, by CAS), {@code bottom} (next
 * index to push; written only by the owner) and {@code array}, a circular buffer whose length is a
 * power of two, replaced by a larger copy when full. Elements live at {@code index & mask}. The
 * deque holds the indices {@code [top, bottom)}; it never shrinks.
 *
 * <ul>
 *   <li><b>push</b> (owner): writes the slot (plain), then publishes it with a release store of
 *       {@code bottom}. A thief's acquire read of {@code bottom} therefore sees the slot.
 *   <li><b>pop</b> (owner): decrements {@code bottom} with a volatile store and then reads {@code
 *       top} volatile. The store must not pass the load (a Dekker handshake with steal), which only
 *       volatile gives. If more than one element remained, the bottom one is the owner's without a
 *       CAS; if exactly one remained, owner and thieves race for it by CAS on {@code top}.
 *   <li><b>steal</b> (any thread): reads {@code top} (volatile), then {@code bottom} (volatile), then
 *       the slot, and claims it by CAS of {@code top} from t to t+1. A failed CAS means another
 *       thief or the owner took it: steal returns {@code null} (the caller may retry).
 *   <li><b>grow</b> (owner, from push): copies {@code [top, bottom)} into an array twice as long and
 *       publishes it with a release store. A thief still reading the old array reads the same element
 *       at the same index, because the owner never writes a slot of an array it has replaced.
 * </ul>
 *
 * <p>Garbage: a stolen slot is not cleared by its thief (the owner may already be reusing it).
 * Instead the owner clears the slots below {@code top} lazily on push ({@code
 * stolenSlotsAreClearedByOwner}); a delayed thief that then reads a cleared slot had already lost
 * its CAS, since the owner only clears below the {@code top} it has read.
 *
 * <p>Layout ({@code QueueLayout}): {@code top}, which thieves CAS, and the owner's {@code bottom}
 * (with {@code clearedBelow}, the owner-only mark of cleared slots: every slot below it has been
 * cleared) sit on separate cache lines, 128 bytes apart, and {@code array} after both, so an owner
 * writing {@code bottom} does not invalidate the line thieves read {@code top} and {@code array}
 * from. Null elements are refused.
 *
 * @param <E> element type
 */
public final class ChaseLevDeque<E> extends QueueLayout.ChaseLevPad2 {
    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle ARRAY;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final int MAX_CAPACITY = 1 << 30;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TOP = l.findVarHandle(QueueLayout.ChaseLevTop.class, "top", long.class);
            BOTTOM = l.findVarHandle(QueueLayout.ChaseLevBottom.class, "bottom", long.class);
            ARRAY = l.findVarHandle(ChaseLevDeque.class, "array", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through ARRAY
    private volatile Object[] array;

    /** A deque with room for 64 elements before it first grows. */
    public ChaseLevDeque() {
        this(64);
    }

    /** A deque with room for {@code initialCapacity} (rounded up to a power of two) before it grows. */
    public ChaseLevDeque(int initialCapacity) {
        if (initialCapacity < 1 || initialCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "ChaseLevDeque: initialCapacity " + initialCapacity + " is not in [1, " + MAX_CAPACITY + "]");
        }
        int cap = Integer.highestOneBit(initialCapacity);
        if (cap < initialCapacity) {
            cap <<= 1;
        }
        ARRAY.setRelease(this, new Object[cap]);
    }

    // ---- accessors, named by ordering (see package-info) ----

    private long volatileTop() {
        return (long) TOP.getVolatile(this);
    }

    private long acquireTop() {
        return (long) TOP.getAcquire(this);
    }

    private boolean casTop(long expected, long next) {
        return TOP.compareAndSet(this, expected, next);
    }

    private long plainBottom() {
        return (long) BOTTOM.get(this);
    }

    private long volatileBottom() {
        return (long) BOTTOM.getVolatile(this);
    }

    private void releaseBottom(long b) {
        BOTTOM.setRelease(this, b);
    }

    private void setVolatileBottom(long b) {
        BOTTOM.setVolatile(this, b);
    }

    private Object[] plainArray() {
        return (Object[]) ARRAY.get(this);
    }

    private Object[] acquireArray() {
        return (Object[]) ARRAY.getAcquire(this);
    }

    // ---- owner operations ----

    /** Owner only: pushes {@code e} at the bottom. */
    public void push(E e) {
        if (e == null) {
            throw new NullPointerException("ChaseLevDeque.push: null element");
        }
        long b = plainBottom();
        long t = acquireTop();
        Object[] a = plainArray();
        if (b - t >= a.length) { // full: grow before writing, so a slot in [t, b) is never overwritten
            a = growSlowPath(a, t, b);
        } else if (t > clearedBelow) {
            clearStolenSlots(a, t, b);
        }
        SLOT.set(a, (int) b & (a.length - 1), e); // plain: published by the release of bottom
        releaseBottom(b + 1);
    }

    /** Owner only: removes and returns the most recently pushed element, or null when empty. */
    @SuppressWarnings("unchecked")
    public E pop() {
        long b = plainBottom() - 1;
        Object[] a = plainArray();
        setVolatileBottom(b); // volatile: this store must not pass the read of top below
        long t = volatileTop();
        if (t > b) { // empty: restore
            setVolatileBottom(b + 1);
            return null;
        }
        int i = (int) b & (a.length - 1);
        Object x = SLOT.get(a, i);
        if (t == b) { // the last element: race thieves for it
            boolean won = casTop(t, t + 1);
            setVolatileBottom(b + 1);
            if (!won) {
                return null;
            }
        }
        SLOT.set(a, i, null); // the owner clears what it took
        return (E) x;
    }

    // ---- any thread ----

    /**
     * Removes and returns the oldest element, or null when empty or when another thread won the
     * race for it (callers that must know emptiness check {@link #isEmpty()}).
     */
    @SuppressWarnings("unchecked")
    public E steal() {
        long t = volatileTop();
        long b = volatileBottom();
        if (t >= b) {
            return null;
        }
        Object[] a = acquireArray();
        Object x = SLOT.getAcquire(a, (int) t & (a.length - 1));
        if (x == null || !casTop(t, t + 1)) { // null: the owner cleared it after another thief took it
            return null;
        }
        return (E) x;
    }

    /** An estimate of the number of elements (exact when no operation is in flight). */
    public int size() {
        long n = volatileBottom() - volatileTop();
        return n <= 0 ? 0 : (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Whether the deque looked empty at some moment during this call. */
    public boolean isEmpty() {
        return volatileBottom() - volatileTop() <= 0;
    }

    /** The current length of the circular buffer (grows, never shrinks). */
    public int capacity() {
        return acquireArray().length;
    }

    private Object[] growSlowPath(Object[] old, long t, long b) {
        if (old.length >= MAX_CAPACITY) {
            throw new IllegalStateException("ChaseLevDeque: full at maximum capacity " + MAX_CAPACITY);
        }
        Object[] grown = new Object[old.length << 1];
        int oldMask = old.length - 1;
        int newMask = grown.length - 1;
        for (long i = t; i < b; i++) {
            grown[(int) i & newMask] = SLOT.getAcquire(old, (int) i & oldMask);
        }
        ARRAY.setRelease(this, grown); // release: thieves that acquire the array see the copied slots
        clearedBelow = t;
        return grown;
    }

    /**
     * Owner only: clears the slots of the indices in {@code [clearedBelow, t)}, all taken (see
     * overview), but never below {@code b - length}: such an index shares its slot with a live one.
     */
    private void clearStolenSlots(Object[] a, long t, long b) {
        int mask = a.length - 1;
        for (long i = Math.max(clearedBelow, b - a.length); i < t; i++) { // b - length: never a live slot
            SLOT.set(a, (int) i & mask, null);
        }
        clearedBelow = t;
    }
}
