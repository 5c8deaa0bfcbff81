package dev.lockstep.core.concurrent;

/**
 * Field layouts of the array queues and the work-stealing deque: each index sits on its own cache lines so that producers
 * writing one index do not invalidate the line consumers spin on. HotSpot lays out a superclass's
 * fields before its subclass's, so padding classes interleaved in the hierarchy keep the hot fields
 * at least 128 bytes apart (two lines, against adjacent-line prefetch). Only the queue classes in
 * this package extend these; the fields are accessed through VarHandles declared there.
 */
final class QueueLayout {
    private QueueLayout() {}

    /** 128 bytes of padding at the head of the object, away from the header and other objects. */
    abstract static class Pad0 {
        long p00, p01, p02, p03, p04, p05, p06, p07;
        long p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
    }

    // ---- MpmcQueue: producer index | pad | consumer index | pad | final fields ----

    /** Claimed by producers with CAS; its sign bit is the closed flag (see MpmcQueue). */
    abstract static class MpmcProducerIndex extends Pad0 {
        volatile long producerIndex;
    }

    abstract static class MpmcPad1 extends MpmcProducerIndex {
        long p10, p11, p12, p13, p14, p15, p16, p17;
        long p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
    }

    /** Claimed by consumers with CAS. */
    abstract static class MpmcConsumerIndex extends MpmcPad1 {
        volatile long consumerIndex;
    }

    abstract static class MpmcPad2 extends MpmcConsumerIndex {
        long p20, p21, p22, p23, p24, p25, p26, p27;
        long p28, p29, p2a, p2b, p2c, p2d, p2e, p2f;
    }

    // ---- SpscQueue: producer's pair | pad | consumer's pair | pad | final fields ----

    /** Written by the producer only: its index (released) and its cached view of the consumer. */
    abstract static class SpscProducerFields extends Pad0 {
        volatile long producerIndex;
        long cachedConsumerIndex;
    }

    abstract static class SpscPad1 extends SpscProducerFields {
        long p10, p11, p12, p13, p14, p15, p16, p17;
        long p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
    }

    /** Written by the consumer only: its index (released) and its cached view of the producer. */
    abstract static class SpscConsumerFields extends SpscPad1 {
        volatile long consumerIndex;
        long cachedProducerIndex;
    }

    abstract static class SpscPad2 extends SpscConsumerFields {
        long p20, p21, p22, p23, p24, p25, p26, p27;
        long p28, p29, p2a, p2b, p2c, p2d, p2e, p2f;
    }

    // ---- ChaseLevDeque: top | pad | owner's fields | pad | array ----

    /** Advanced by CAS, by thieves and by the owner taking the last element. */
    abstract static class ChaseLevTop extends Pad0 {
        volatile long top;
    }

    abstract static class ChaseLevPad1 extends ChaseLevTop {
        long p10, p11, p12, p13, p14, p15, p16, p17;
        long p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
    }

    /** Written by the owner only: the bottom index (released) and its clearing mark (plain). */
    abstract static class ChaseLevBottom extends ChaseLevPad1 {
        volatile long bottom;
        long clearedBelow;
    }

    abstract static class ChaseLevPad2 extends ChaseLevBottom {
        long p20, p21, p22, p23, p24, p25, p26, p27;
        long p28, p29, p2a, p2b, p2c, p2d, p2e, p2f;
    }
}
