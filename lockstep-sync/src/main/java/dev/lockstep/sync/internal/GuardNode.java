package dev.lockstep.sync.internal;

/**
 * One {@code when} guard in a task's immutable guard chain (innermost first). Forked children share
 * their parent's chain; nested {@code when}s are a conjunction: a task runs only when every signal
 * of its chain is present.
 */
final class GuardNode {
    final SignalCore signal;
    final GuardNode next;

    GuardNode(SignalCore signal, GuardNode next) {
        this.signal = signal;
        this.next = next;
    }

    static boolean allPresent(GuardNode g) {
        for (; g != null; g = g.next) {
            if (!g.signal.present) {
                return false;
            }
        }
        return true;
    }
}
