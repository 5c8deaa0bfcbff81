package dev.lockstep.patch.internal.ir;

/**
 * The occurrences of one event slot in the current tick: (key, value) pairs in deterministic order
 * (writer edge order, then emission order). Preallocated with a fixed capacity; {@link #add} past it
 * reports overflow to its caller (a buffer_overflow runtime error), never grows or drops silently.
 * Cleared at the start of every tick by its owning step.
 */
public final class EventBuffer {
    public final int[] keys;
    public final double[] values;
    public int count;

    public EventBuffer(int capacity) {
        keys = new int[capacity];
        values = new double[capacity];
    }

    /** Appends one occurrence; false if the buffer is full (the occurrence is not stored). */
    public boolean add(int key, double value) {
        if (count == keys.length) {
            return false;
        }
        keys[count] = key;
        values[count] = value;
        count++;
        return true;
    }

    public int capacity() {
        return keys.length;
    }
}
