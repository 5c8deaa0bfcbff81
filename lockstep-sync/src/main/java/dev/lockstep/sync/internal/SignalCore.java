package dev.lockstep.sync.internal;

import java.util.function.BiFunction;

/**
 * The state of one signal: presence in the current instant, the event value or the aggregate's
 * accumulator, and three intrusive lists: waiters to wake in the current instant ({@code
 * awaitImmediate}, {@code when} guards, presence tests), waiters to wake in the next instant ({@code
 * await}), and active {@code watch} scopes. Owned by its {@link Kernel}: every field is read and
 * written on the machine's thread (or inside a process it resumes), so all are plain.
 */
public final class SignalCore {
    public final String name;
    final Kernel kernel;
    final int id;
    final boolean event;
    final Object initial;
    final BiFunction<Object, Object, Object> combine;

    boolean present;
    /** The event value, or the aggregate's combined value once delivered; null when absent. */
    Object value;
    /** The aggregate's accumulator during the instant. */
    Object acc;

    final WaitList nowWaiters = new WaitList();
    final WaitList nextWaiters = new WaitList();
    KillScope watchHead;
    KillScope watchTail;

    SignalCore(
            Kernel kernel,
            String name,
            int id,
            boolean event,
            Object initial,
            BiFunction<Object, Object, Object> combine) {
        this.kernel = kernel;
        this.name = name;
        this.id = id;
        this.event = event;
        this.initial = initial;
        this.combine = combine;
    }

    public boolean isPresent() {
        return present;
    }

    void addWatcher(KillScope s) {
        s.watched = this;
        s.wPrev = watchTail;
        s.wNext = null;
        if (watchTail == null) {
            watchHead = s;
        } else {
            watchTail.wNext = s;
        }
        watchTail = s;
    }

    void removeWatcher(KillScope s) {
        if (s.watched != this) {
            return; // already unlinked (its task was dropped)
        }
        KillScope p = s.wPrev;
        KillScope n = s.wNext;
        if (p == null) {
            watchHead = n;
        } else {
            p.wNext = n;
        }
        if (n == null) {
            watchTail = p;
        } else {
            n.wPrev = p;
        }
        s.watched = null;
        s.wPrev = null;
        s.wNext = null;
    }

    String describe() {
        return (event ? "event signal '" : "aggregate signal '") + name + "'";
    }
}
