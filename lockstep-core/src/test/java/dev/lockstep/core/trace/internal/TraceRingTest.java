package dev.lockstep.core.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.trace.TraceEvent;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TracePhase;
import dev.lockstep.core.trace.TraceThread;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One thread's ring: wraparound, dropped counts, growth, allocation, and concurrent reads. */
class TraceRingTest {
    static final TraceKind KIND = TraceKind.register("test.ring", "test", TraceKind.Type.INSTANT);
    static final boolean LONG = "long".equals(System.getProperty("lockstep.stress", "short"));

    private static void writeN(TraceRing ring, long from, long to) {
        for (long n = from; n < to; n++) {
            ring.write(KIND.id(), TracePhase.INSTANT, n, 0, n * 31, n ^ 0x5555, -n);
        }
    }

    private static List<TraceEvent> read(TraceRing ring, TraceThread[] counts) {
        List<TraceEvent> out = new ArrayList<>();
        counts[0] = ring.readInto(out);
        return out;
    }

    @Test
    void aRingBelowCapacityKeepsEveryEventInOrder() {
        TraceRing ring = new TraceRing(Thread.currentThread(), 64);
        writeN(ring, 0, 40);
        TraceThread[] t = new TraceThread[1];
        List<TraceEvent> events = read(ring, t);
        assertThat(events).extracting(TraceEvent::nanos).containsExactlyElementsOf(range(0, 40));
        assertThat(t[0].recorded()).isEqualTo(40);
        assertThat(t[0].dropped()).isZero();
        assertThat(t[0].torn()).isZero();
        assertThat(t[0].id()).isEqualTo(Thread.currentThread().threadId());
        TraceEvent e = events.get(7);
        assertThat(e.kind()).isEqualTo(KIND);
        assertThat(e.phase()).isEqualTo(TracePhase.INSTANT);
        assertThat(e.logicalTime()).isEqualTo(7 * 31);
        assertThat(e.a()).isEqualTo(7 ^ 0x5555);
        assertThat(e.b()).isEqualTo(-7);
        assertThat(e.threadName()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void droppedCountsOverwrittenEvents() {
        TraceRing ring = new TraceRing(Thread.currentThread(), 16);
        writeN(ring, 0, 16 * 5 + 3);
        TraceThread[] t = new TraceThread[1];
        List<TraceEvent> events = read(ring, t);
        long recorded = 16 * 5 + 3;
        assertThat(events).extracting(TraceEvent::nanos).containsExactlyElementsOf(range(recorded - 16, recorded));
        assertThat(t[0].recorded()).isEqualTo(recorded);
        assertThat(t[0].dropped()).isEqualTo(recorded - 16);
        assertThat(t[0].retained()).isEqualTo(16);
    }

    @Test
    void theRingGrowsFromItsInitialSizeToItsCapacityKeepingEveryEvent() {
        int capacity = TraceRing.INITIAL_SLOTS * 8;
        TraceRing ring = new TraceRing(Thread.currentThread(), capacity);
        assertThat(ring.allocatedSlots()).isEqualTo(TraceRing.INITIAL_SLOTS);
        writeN(ring, 0, TraceRing.INITIAL_SLOTS * 3 + 1);
        assertThat(ring.allocatedSlots()).isEqualTo(TraceRing.INITIAL_SLOTS * 4);
        TraceThread[] t = new TraceThread[1];
        assertThat(read(ring, t))
                .extracting(TraceEvent::nanos)
                .containsExactlyElementsOf(range(0, TraceRing.INITIAL_SLOTS * 3 + 1));
        writeN(ring, TraceRing.INITIAL_SLOTS * 3 + 1, capacity * 2L);
        assertThat(ring.allocatedSlots()).isEqualTo(capacity); // never beyond the capacity
        List<TraceEvent> events = read(ring, t);
        assertThat(events).extracting(TraceEvent::nanos).containsExactlyElementsOf(range(capacity, capacity * 2L));
        assertThat(t[0].dropped()).isEqualTo(capacity);
    }

    @Test
    void steadyStateRecordingDoesNotAllocate() {
        TraceRing ring = new TraceRing(Thread.currentThread(), 1024);
        writeN(ring, 0, 200_000); // grown to capacity, and the loop compiled
        long before = allocatedBytes();
        writeN(ring, 200_000, 1_200_000);
        long allocated = allocatedBytes() - before;
        // a million events; one allocation per event would be at least 16 MB
        assertThat(allocated).as("bytes allocated by a million writes").isLessThan(4096);
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * A writer laps a small ring as fast as it can while a reader snapshots it over and over:
     * every event the reader keeps must be whole (its fields all derive from its nanos), in
     * order, and every snapshot's counts must add up.
     */
    @Test
    void concurrentSnapshotNeverExportsATornEvent() throws Exception {
        long events = LONG ? 200_000_000L : 5_000_000L;
        AtomicReference<TraceRing> ringRef = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().name("ring-writer").unstarted(() -> {
            writeN(ringRef.get(), 0, events);
            done.set(true);
        });
        ringRef.set(new TraceRing(writer, 16));
        TraceRing ring = ringRef.get();
        AtomicLong torn = new AtomicLong();
        AtomicLong kept = new AtomicLong();
        Thread reader = Thread.ofPlatform().name("ring-reader").start(() -> {
            try {
                while (!done.get()) {
                    List<TraceEvent> out = new ArrayList<>();
                    TraceThread t = ring.readInto(out);
                    check(out, t);
                    torn.addAndGet(t.torn());
                    kept.addAndGet(out.size());
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        writer.start();
        writer.join();
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError("the reader saw a broken snapshot", failure.get());
        }
        List<TraceEvent> out = new ArrayList<>();
        TraceThread last = ring.readInto(out);
        assertThat(out).extracting(TraceEvent::nanos).containsExactlyElementsOf(range(events - 16, events));
        assertThat(last.torn()).isZero();
        assertThat(kept.get()).as("events kept by concurrent snapshots").isPositive();
        System.out.println("concurrent snapshots kept " + kept + " events and skipped " + torn + " torn ones");
    }

    private static void check(List<TraceEvent> out, TraceThread t) {
        long previous = -1;
        for (TraceEvent e : out) {
            long n = e.nanos();
            if (e.logicalTime() != n * 31 || e.a() != (n ^ 0x5555) || e.b() != -n || e.durationNanos() != 0) {
                throw new AssertionError("torn event exported: " + e);
            }
            if (n <= previous) {
                throw new AssertionError("events out of order: " + previous + " then " + n);
            }
            if (n < t.dropped() || n >= t.recorded()) {
                throw new AssertionError("event " + n + " outside the snapshot's window " + t);
            }
            previous = n;
        }
        if (out.size() + t.torn() + t.dropped() != t.recorded()) {
            throw new AssertionError("counts do not add up: " + out.size() + " kept, " + t);
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }
}
