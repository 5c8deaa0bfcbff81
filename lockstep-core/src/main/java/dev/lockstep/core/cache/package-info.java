/**
 * {@link dev.lockstep.core.cache.ResultCache}: memoization of task results by key, on Caffeine,
 * sharing one computation per key and never caching a failure; {@link
 * dev.lockstep.core.cache.KeyValueStore}: the asynchronous store with per-entry time to live that
 * caches elsewhere (lockstep-flow's cache effect, lockstep-cluster's distributed cache) meet on.
 */
package dev.lockstep.core.cache;
