package dev.lockstep.sync.internal;

/** The branches of one {@code parallel}: a count of those still running and the parent waiting. */
final class JoinGroup {
    int remaining;
    final WaitList waiters = new WaitList();

    JoinGroup(int remaining) {
        this.remaining = remaining;
    }
}
