/**
 * Stackful, direct-style coroutines: {@link dev.lockstep.core.coroutine.Coroutine}, resumed on the
 * calling thread, on one of two {@link dev.lockstep.core.coroutine.CoroutineBackend backends} with
 * one contract. lockstep-sync processes and lockstep-io tasks are coroutines. Guide:
 * docs/core/coroutines.md.
 */
package dev.lockstep.core.coroutine;
