package dev.lockstep.flow;

import java.util.Optional;

/**
 * What a running step sees of its request: the slots it declared, nothing else. Reading a slot the
 * step does not declare (in its reads or writes), or writing one outside its writes, throws {@link
 * SlotAccessException} naming the route, the step and the slot; the request then fails with a 500
 * naming the step.
 */
public interface StepView {
    /** The value of {@code slot}; throws {@link SlotAccessException} if undeclared or empty. */
    <T> T require(Slot<T> slot);

    /** The value of {@code slot} if it holds one; throws {@link SlotAccessException} if undeclared. */
    <T> Optional<T> optional(Slot<T> slot);

    /** Sets {@code slot}; throws {@link SlotAccessException} if the step does not declare it as written. */
    <T> void put(Slot<T> slot, T value);

    /** Registers {@code callback} to run when the request ends, after compensations; callbacks run in reverse order of registration. */
    void onExit(Runnable callback);

    /** The request's id (its logical time in traces). */
    long requestId();

    /** The route's name. */
    String route();

    /** The running step's name. */
    String step();
}
