package dev.lockstep.sync;

import dev.lockstep.sync.internal.SignalCore;

/**
 * A signal that may be emitted any number of times per instant. The emissions of an instant are
 * folded, in emission order, into the initial value with the combine function; awaiters receive the
 * result at the end of the instant and continue in the next one. Created by {@link
 * Sync#aggregateSignal(String, Object, java.util.function.BiFunction)}.
 *
 * @param <E> the type of one emission
 * @param <A> the type of the combined value
 */
public final class AggregateSignal<E, A> implements Signal<A> {
    final SignalCore core;

    AggregateSignal(SignalCore core) {
        this.core = core;
    }

    @Override
    public String name() {
        return core.name;
    }

    @Override
    public String toString() {
        return "aggregate signal '" + core.name + "'";
    }
}
