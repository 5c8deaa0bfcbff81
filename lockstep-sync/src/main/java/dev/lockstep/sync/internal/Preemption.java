package dev.lockstep.sync.internal;

/**
 * Thrown inside a preempted task when it resumes, to unwind its body to the {@code withKill} or
 * {@code watch} that was aborted ({@code Task.preempt} names it); that call catches it and returns.
 * An {@link Error} without a stack trace, preallocated: process code must not catch it (catching
 * {@code Throwable} would break preemption), and throwing it allocates nothing.
 */
public final class Preemption extends Error {
    static final Preemption INSTANCE = new Preemption();

    private Preemption() {
        super("process preempted by an aborted kill scope", null, false, false);
    }
}
