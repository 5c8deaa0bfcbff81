package dev.lockstep.flow;

/** A step touched a slot it did not declare, or required a slot that holds nothing. */
public final class SlotAccessException extends FlowException {
    public SlotAccessException(String message) {
        super(message);
    }
}
