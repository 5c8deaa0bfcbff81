package dev.lockstep.flow;

/** A route that cannot run as declared; the message names the route, the step and the slot. */
public final class RouteValidationException extends FlowException {
    public RouteValidationException(String message) {
        super(message);
    }
}
