package dev.lockstep.flow.archfixture;

import io.opentelemetry.api.trace.SpanKind;

/** Architecture fixture that breaks a rule: lockstep-flow itself may not use OpenTelemetry. */
public final class FlowUsesOpenTelemetry {
    public SpanKind kind() {
        return SpanKind.SERVER;
    }
}
