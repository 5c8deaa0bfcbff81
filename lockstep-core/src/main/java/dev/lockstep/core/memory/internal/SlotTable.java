package dev.lockstep.core.memory.internal;

import java.util.List;

/**
 * An immutable snapshot of a pool's slots: by index (for the free list) and by object identity (to
 * find the slot of an object being released). A pool publishes a new table when it grows and never
 * changes a published one, so readers need no lock: they read the table reference with acquire and
 * then read plain fields of an object nobody writes any more.
 *
 * <p>The identity index is open addressing with linear probing over a power-of-two array kept at
 * most half full. Keys are compared with {@code ==}: a pooled class's {@code equals} and {@code
 * hashCode} are never called.
 */
public final class SlotTable<T> {
    private final Slot<T>[] byIndex;
    private final Slot<T>[] byIdentity;
    private final int mask;

    @SuppressWarnings("unchecked")
    private SlotTable(Slot<T>[] byIndex) {
        this.byIndex = byIndex;
        int tableSize = Integer.highestOneBit(Math.max(4, byIndex.length * 2 - 1)) << 1;
        this.byIdentity = (Slot<T>[]) new Slot<?>[tableSize];
        this.mask = tableSize - 1;
        for (Slot<T> slot : byIndex) {
            int i = hash(slot.object()) & mask;
            while (byIdentity[i] != null) {
                if (byIdentity[i].object() == slot.object()) {
                    throw new IllegalArgumentException("object " + describe(slot.object()) + " is already pooled");
                }
                i = (i + 1) & mask;
            }
            byIdentity[i] = slot;
        }
    }

    /** An empty table. */
    @SuppressWarnings("unchecked")
    public static <T> SlotTable<T> empty() {
        return new SlotTable<>((Slot<T>[]) new Slot<?>[0]);
    }

    /**
     * A new table holding this table's slots and one new slot per object, indexed after them.
     *
     * @throws IllegalArgumentException if an object is already in the table or listed twice
     */
    @SuppressWarnings("unchecked")
    public SlotTable<T> withAdded(List<? extends T> objects) {
        Slot<T>[] next = (Slot<T>[]) new Slot<?>[byIndex.length + objects.size()];
        System.arraycopy(byIndex, 0, next, 0, byIndex.length);
        for (int i = 0; i < objects.size(); i++) {
            int index = byIndex.length + i;
            next[index] = new Slot<>(objects.get(i), index);
        }
        return new SlotTable<>(next);
    }

    public int size() {
        return byIndex.length;
    }

    public Slot<T> slot(int index) {
        return byIndex[index];
    }

    /** The slot holding exactly this object (by identity), or null if this pool never created it. */
    public Slot<T> find(Object object) {
        int i = hash(object) & mask;
        Slot<T> slot;
        while ((slot = byIdentity[i]) != null) {
            if (slot.object() == object) {
                return slot;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private static int hash(Object object) {
        int h = System.identityHashCode(object);
        return h ^ (h >>> 16) ^ (h >>> 7); // identity hashes can be clustered in low bits
    }

    /** {@code ClassName@hex}, never calling the object's own toString (it may be expensive or fail). */
    public static String describe(Object object) {
        return object.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(object));
    }
}
