package dev.lockstep.core.trace;

/**
 * What a snapshot knows about one recording thread's ring.
 *
 * @param id the thread's {@link Thread#threadId()}
 * @param name the thread's name (its current name when the snapshot was taken, if it was alive)
 * @param recorded events the thread recorded in this session
 * @param dropped the oldest events overwritten because the ring was full
 * @param torn events the snapshot skipped because the owner was rewriting their slot while it read
 *     (a snapshot concurrent with recording; never exported half-written)
 */
public record TraceThread(long id, String name, long recorded, long dropped, long torn) {
    /** Events of this thread in the snapshot: {@code recorded - dropped - torn}. */
    public long retained() {
        return recorded - dropped - torn;
    }
}
