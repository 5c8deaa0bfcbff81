package dev.lockstep.sync;

import dev.lockstep.sync.internal.SignalCore;

/**
 * A signal emitted at most once per instant, with a value. A second emission in the same instant
 * throws {@link SyncException}. The only kind {@link Sync#awaitImmediate(EventSignal)} accepts.
 * Created by {@link Sync#eventSignal(String)}.
 */
public final class EventSignal<T> implements Signal<T> {
    final SignalCore core;

    EventSignal(SignalCore core) {
        this.core = core;
    }

    @Override
    public String name() {
        return core.name;
    }

    @Override
    public String toString() {
        return "event signal '" + core.name + "'";
    }
}
