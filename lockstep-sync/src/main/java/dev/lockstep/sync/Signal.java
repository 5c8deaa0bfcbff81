package dev.lockstep.sync;

/**
 * A signal of one machine: present or absent in each instant. {@link EventSignal}s carry at most one
 * value per instant; {@link AggregateSignal}s combine any number of emissions into one value,
 * delivered at the end of the instant.
 *
 * @param <A> the type {@link Sync#await(Signal)} returns
 */
public sealed interface Signal<A> permits EventSignal, AggregateSignal {
    /** The name given at creation; error messages and traces use it. */
    String name();
}
