/** Backpressure: per-target in-flight caps (429) and load shedding by queueing delay (503). */
package dev.lockstep.flow.limit;
