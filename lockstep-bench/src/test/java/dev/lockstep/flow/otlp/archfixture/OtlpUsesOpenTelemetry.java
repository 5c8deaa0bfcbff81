package dev.lockstep.flow.otlp.archfixture;

import io.opentelemetry.api.trace.SpanKind;

/** Architecture fixture that obeys: the OTLP module may use OpenTelemetry. */
public final class OtlpUsesOpenTelemetry {
    public SpanKind kind() {
        return SpanKind.INTERNAL;
    }
}
