/**
 * Optional OpenTelemetry export of lockstep-flow's traces: {@link dev.lockstep.flow.otlp.FlowOtlp}
 * turns a runtime's {@link dev.lockstep.flow.FlowEvent} stream into spans (a request, its steps,
 * its effect attempts and compensations) and exports them over OTLP/HTTP. The only module that
 * depends on the OpenTelemetry SDK; lockstep-flow itself does not.
 */
package dev.lockstep.flow.otlp;
