/**
 * Memory: pooled objects, off-heap allocation and safe reclamation.
 *
 * <ul>
 *   <li>{@link dev.lockstep.core.memory.ObjectPool}: a thread-safe pool of reusable objects, fixed
 *       ({@code STATIC}: exhaustion is a {@link dev.lockstep.core.memory.PoolExhaustedException}) or
 *       growing ({@code GROW}), with a lock-free free list, double and foreign release detection and
 *       {@link dev.lockstep.core.memory.PooledRef} handles.
 *   <li>{@link dev.lockstep.core.memory.SlabAllocator}: off-heap blocks over a shared {@link
 *       java.lang.foreign.Arena}; size classes served from slabs, larger blocks by best fit with
 *       coalescing; fragmentation statistics; double free, foreign block and use after close detected.
 *   <li>{@link dev.lockstep.core.memory.BumpArena}: a thread-confined scoped arena, bump allocation,
 *       freed all at once by {@code reset()} or {@code close()}; a {@link
 *       java.lang.foreign.SegmentAllocator}.
 *   <li>{@link dev.lockstep.core.memory.EpochReclaimer}: epoch-based reclamation, so that memory freed
 *       by one thread while others may still read it is reused only after they have all left their
 *       critical sections ({@link dev.lockstep.core.memory.SlabAllocator#freeDeferred}).
 * </ul>
 *
 * <p>Misuse is reported by subclasses of {@link dev.lockstep.core.memory.MemoryException}, each message
 * naming the pool, allocator, arena or reclaimer and the offending object or block address. Accessors of
 * shared fields follow the memory-ordering vocabulary of {@code dev.lockstep.core.concurrent} (plain,
 * opaque, acquire, release, volatile, CAS); the class overviews argue each race.
 *
 * <table class="striped">
 *   <caption>Thread safety</caption>
 *   <tr><th>Class</th><th>May be used from</th></tr>
 *   <tr><td>ObjectPool</td><td>any thread, every method (lock-free acquire and release)</td></tr>
 *   <tr><td>PooledRef</td><td>one holder at a time</td></tr>
 *   <tr><td>SlabAllocator, Block</td><td>any thread, every method (a lock per size class)</td></tr>
 *   <tr><td>BumpArena</td><td>its creating thread only (checked: WrongThreadException)</td></tr>
 *   <tr><td>EpochReclaimer</td><td>any thread; a Guard is closed by the thread that opened it</td></tr>
 * </table>
 */
package dev.lockstep.core.memory;
