package dev.lockstep.flow;

import dev.lockstep.core.Future;

/**
 * The work of one attempt of an effect or compensation. {@link #start} must not block: it starts
 * the work and returns its future (engine tasks, blocking work on a virtual thread, an async
 * client). The runtime cancels that future when the attempt times out or no longer matters, so an
 * operation that can stop early should react to its future's cancellation (engine tasks poll
 * {@code Engine.currentTaskCancelled()}; {@link Blocking} interrupts its thread).
 *
 * <p>The value the future yields lands in the effect's slot through {@link Slot#land}: bytes are
 * decoded by the slot's codec, any other value must have the slot's type.
 */
@FunctionalInterface
public interface Operation {
    /** Starts attempt {@code attempt} (1-based). A throw is a failed attempt. */
    Future<?> start(int attempt);
}
