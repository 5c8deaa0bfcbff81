/**
 * Suite {@code patch} ({@code bin/lockstep bench patch}): lockstep-patch running Oscilla animator
 * patches, one operation = one tick of a {@link dev.lockstep.patch.PatchPlayer} (evaluate the patch
 * and assemble its render frame; no rasterizing, no JSON), on the repository's example patches
 * (examples/*.json, found beside the bench classes, or under {@code -Dlockstep.patch.examples=DIR}).
 *
 * <ul>
 *   <li>{@code golden-spiral-5k}: median ms per tick of Oscilla's golden-spiral patch
 *       (../shared/patches/oscilla/golden-spiral.json beside the checkout; else
 *       examples/spiral-5k.json, the same computation written for this repository), 5000 instances,
 *       one thread, JMH sample mode (every tick timed). Peer: Oscilla's own runtime in
 *       Node, a published figure (1.18 ms), not measured here.
 *   <li>{@code golden-spiral-5k-p95}: the 95th percentile of the same per-tick samples ({@link
 *       dev.lockstep.bench.Percentile}); published peer 4.9 ms.
 *   <li>{@code instances-50k}, {@code instances-500k}: median ms per tick of spiral-50k.json and
 *       spiral-500k.json on the ticking thread alone; {@code instances-50k-w2} and {@code
 *       instances-500k-w2} with two workers (the field lanes and the render assembly split in two
 *       ranges on a lockstep-core engine). No peer figure exists for these sizes, so the rows are Lockstep's alone;
 *       the target they answer to is the spec's 16 ms frame budget, which the report does not
 *       draw.
 *   <li>{@code alloc-per-tick}: bytes allocated per tick of the 5k spiral in steady state, JMH's GC
 *       profiler's {@code gc.alloc.rate.norm} ({@link dev.lockstep.bench.AllocPerOp}: the
 *       profiler is attached whenever this result runs). The goal is 0: the player reuses its
 *       frame buffers. No peer.
 * </ul>
 *
 * Each benchmark's ticks run at tAbsMs = tick · 16.667 ms, as Oscilla's reference frames do, with
 * {@code Compatibility.INTENDED} (the patch's own parameters).
 */
package dev.lockstep.bench.patch;
