package dev.lockstep.sync.internal;

/**
 * One {@code when} guard in a task's immutable guard chain (innermost first). Forked children share
 * their parent's chain; nested {@code when}s are a conjunction: a task runs only when every signal
 * of its chain is present.
 *
 * <p>Checking a chain is O(1) amortised per instant: {@link #okInstant} caches "this signal and
 * every one further out are present in instant {@code okInstant}". Presence only grows within an
 * instant (it is reset at the rollover, when the instant number changes), so a node marked in the
 * current instant stays right until its end, and a walk stops at the first marked node. Without it
 * a chain of n nested {@code when}s cost O(n) per check and ppdp-b4 was quadratic.
 */
final class GuardNode {
    final SignalCore signal;
    final GuardNode next;
    /** The instant in which this node and all further out were seen present; -1: never. */
    long okInstant = -1;

    GuardNode(SignalCore signal, GuardNode next) {
        this.signal = signal;
        this.next = next;
    }

    /**
     * The innermost node of {@code g}'s chain whose signal is absent in {@code instant}, or null
     * if all are present (then the walked nodes are marked for the instant).
     */
    static GuardNode firstAbsent(GuardNode g, long instant) {
        GuardNode n = g;
        for (; n != null && n.okInstant != instant; n = n.next) {
            if (!n.signal.present) {
                return n;
            }
        }
        for (GuardNode m = g; m != n; m = m.next) {
            m.okInstant = instant; // invariant: okInstant == instant only if the chain from m is present
        }
        return null;
    }
}
