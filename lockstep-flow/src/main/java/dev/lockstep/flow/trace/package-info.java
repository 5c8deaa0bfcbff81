/** Request correlation: W3C traceparent and X-Request-ID. */
package dev.lockstep.flow.trace;
