/**
 * Implementation details of {@code dev.lockstep.core.memory}: the pool's slots, slot table and tagged
 * Treiber free list, and the slab allocator's size classes, slabs, bins and large region. Not API; no
 * other package or module may depend on it.
 */
package dev.lockstep.core.memory.internal;
