/**
 * The synchronous reactive machine: processes (lockstep-core coroutines) that run in logical
 * instants and communicate through signals, with suspension ({@code when}), weak preemption
 * ({@code watch}) and kill scopes. Start at {@link dev.lockstep.sync.Machine}; the primitives are
 * on {@link dev.lockstep.sync.Sync}. Guide: docs/sync.md.
 *
 * <p>This package is deterministic (ArchUnit holds it to the determinism rules): given the program
 * and its inputs per instant, the outputs are always the same.
 */
package dev.lockstep.sync;
