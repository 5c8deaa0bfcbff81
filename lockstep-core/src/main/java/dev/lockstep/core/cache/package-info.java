/**
 * {@link dev.lockstep.core.cache.ResultCache}: memoization of task results by key, on Caffeine,
 * sharing one computation per key and never caching a failure.
 */
package dev.lockstep.core.cache;
