/**
 * The machine's implementation: the {@link dev.lockstep.sync.internal.Kernel} (queues, instants,
 * rollover), tasks, signal state, wait lists and kill scopes. Not API; no other module imports it.
 */
package dev.lockstep.sync.internal;
