/**
 * Seeded random streams split per component: {@link dev.lockstep.core.random.RandomStreams} and
 * {@link dev.lockstep.core.random.SplitRandom}. A deterministic package (see DESIGN.md principle 3):
 * no unseeded randomness here.
 */
package dev.lockstep.core.random;
