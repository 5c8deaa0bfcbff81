/**
 * Lock-free and blocking concurrent structures: {@link dev.lockstep.core.concurrent.ChaseLevDeque},
 * bounded MPMC and SPSC queues, a Treiber stack, and a concurrent priority queue.
 *
 * <h2>Memory-ordering vocabulary</h2>
 *
 * <p>Every field that is shared between threads is accessed through a {@code VarHandle}, and every
 * accessor is named after the ordering it gives. The words mean exactly this, in this package and
 * in every {@code internal} package below {@code dev.lockstep.core}:
 *
 * <ul>
 *   <li><b>plain</b> ({@code plainX}, {@code setPlainX}): an ordinary read or write. No ordering with
 *       any other access; another thread may never see it, or see it late or torn (for long and
 *       double on 32-bit VMs). Used only where a single thread owns the field, or where a later
 *       release or volatile write publishes it.
 *   <li><b>opaque</b> ({@code opaqueX}, {@code setOpaqueX}): bitwise atomic and coherent for this
 *       one variable (no thread sees its writes out of order), no ordering with other variables.
 *       Used for statistics and for flags that are only a hint.
 *   <li><b>acquire</b> ({@code acquireX}): a load after which no later load or store of this thread
 *       moves before it. Pairs with a release store of the same variable: whatever the releasing
 *       thread wrote before its release is visible after the acquire that reads its value.
 *   <li><b>release</b> ({@code releaseX}): a store before which no earlier load or store of this
 *       thread moves after it (JCTools calls it "ordered", the JDK "lazySet"). Publishes.
 *   <li><b>volatile</b> ({@code volatileX}, {@code setVolatileX}): sequentially consistent; all
 *       volatile accesses of all threads form one total order. Needed where a store must not pass a
 *       later load (Dekker-style handshakes, such as Chase-Lev's take against steal).
 *   <li><b>CAS</b> ({@code casX(expected, next)}): a volatile compare-and-set; returns whether it
 *       won. A failed CAS has at least acquire semantics on the read it made.
 * </ul>
 *
 * <p>Invariants are written as comments on the line that enforces them; the test that pins each
 * one is named after it. Fast paths come first; a rare case goes to a {@code ...SlowPath} method
 * beside its fast path. Padding against false sharing is applied only where contention was
 * measured, and the class overview says which.
 */
package dev.lockstep.core.concurrent;
