/**
 * Cooperative cancellation: a {@link dev.lockstep.core.cancel.CancellationSource} cancels, its
 * {@link dev.lockstep.core.cancel.CancellationToken} is read by the work, and a {@link
 * dev.lockstep.core.cancel.ScopedCancellation} ties a token to a try-with-resources block. Sources
 * link into trees (a parent's cancellation reaches its children, never the reverse), cancel
 * themselves after a delay on the shared timer, and surface as {@link
 * dev.lockstep.core.cancel.CancelledException}, a {@link java.util.concurrent.CancellationException}
 * with a reason. {@link dev.lockstep.core.Future#cancelOn} connects a token to a future, and so to an
 * engine task.
 */
package dev.lockstep.core.cancel;
