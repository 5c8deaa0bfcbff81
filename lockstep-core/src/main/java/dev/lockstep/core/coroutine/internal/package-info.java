/**
 * The coroutine backends' drivers, the pin check and its monitor maps. Only {@code
 * ContinuationDriver} names {@code jdk.internal.vm}, and it is loaded only when a CONTINUATION
 * coroutine is created. Shared fields follow the memory-ordering vocabulary of {@code
 * dev.lockstep.core.concurrent}.
 */
package dev.lockstep.core.coroutine.internal;
