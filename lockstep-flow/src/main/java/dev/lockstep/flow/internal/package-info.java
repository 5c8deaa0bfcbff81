/**
 * The pipeline executor behind {@code dev.lockstep.flow.FlowRuntime}: {@code Reactor} starts one
 * {@code RequestRun} per request, which owns every transition of that request (steps, Needs and
 * their joins, attempts, timeouts, backoffs, the saga stack, exit callbacks); {@code View} is the
 * slot-checked view a step receives. Not for use outside lockstep-flow.
 */
package dev.lockstep.flow.internal;
