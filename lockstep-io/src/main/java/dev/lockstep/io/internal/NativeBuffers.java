package dev.lockstep.io.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A runtime's pool of off-heap buffers for the io_uring backend: the caller's {@code byte[]} is
 * copied into (send, write) or out of (recv, read) one of these, because the kernel needs an
 * address that does not move while the operation is in flight. Power-of-two classes from 1 KiB to
 * {@link #MAX} (64 KiB); an operation asks for at most {@link #MAX} bytes (a longer request is
 * served in chunks by the callers' loops: recv, send and read may transfer fewer bytes).
 *
 * <p>Owner: the runtime's loop thread only (plain fields, no locks). Once warm, {@link #take} and
 * {@link #give} allocate nothing: each class is a stack of segments that grows only when more
 * operations are in flight at once than ever before.
 *
 * <p>Lifetime rule: a segment taken for an operation is given back only when that operation's
 * completion has been reaped (the backend enforces it); the arena is closed only when no
 * operation is in flight, and otherwise left open (leaked) rather than freed under the kernel.
 */
final class NativeBuffers {
    static final int MIN_SHIFT = 10;
    static final int MAX_SHIFT = 16;
    /** The largest buffer one operation uses. */
    static final int MAX = 1 << MAX_SHIFT;

    private final Arena arena;
    private final MemorySegment[][] stacks = new MemorySegment[MAX_SHIFT - MIN_SHIFT + 1][];
    private final int[] tops = new int[MAX_SHIFT - MIN_SHIFT + 1];

    NativeBuffers(Arena arena) {
        this.arena = arena;
        for (int i = 0; i < stacks.length; i++) {
            stacks[i] = new MemorySegment[16];
        }
    }

    /** The class index for a request of {@code len} bytes (clamped to [1 KiB, MAX]). */
    static int classOf(int len) {
        int n = Math.clamp(len, 1 << MIN_SHIFT, MAX);
        int shift = 32 - Integer.numberOfLeadingZeros(n - 1); // ceil(log2(n))
        return shift - MIN_SHIFT;
    }

    /** A segment of class {@code c} ({@code 1 KiB << c} bytes). */
    MemorySegment take(int c) {
        int top = tops[c];
        if (top > 0) {
            tops[c] = top - 1;
            MemorySegment s = stacks[c][top - 1];
            stacks[c][top - 1] = null;
            return s;
        }
        return arena.allocate(1L << (c + MIN_SHIFT), 64); // cold: the pool grows
    }

    /** Returns a segment taken with {@link #take}, once its operation's completion was reaped. */
    void give(int c, MemorySegment s) {
        int top = tops[c];
        if (top == stacks[c].length) {
            stacks[c] = java.util.Arrays.copyOf(stacks[c], top * 2);
        }
        stacks[c][top] = s;
        tops[c] = top + 1;
    }
}
