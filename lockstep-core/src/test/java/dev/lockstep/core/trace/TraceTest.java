package dev.lockstep.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.time.VirtualClock;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The facade: enabling, each phase, misuse, sessions, threads, allocation. */
class TraceTest {
    static final TraceKind SPAN =
            TraceKind.register("tracetest.span", "tracetest", TraceKind.Type.SPAN, "tick", "x", "y");
    static final TraceKind POINT = TraceKind.register("tracetest.point", "tracetest", TraceKind.Type.INSTANT);
    static final TraceKind GAUGE =
            TraceKind.register("tracetest.gauge", "tracetest", TraceKind.Type.COUNTER, "tick", "used", "free");

    private final VirtualClock clock = new VirtualClock(1_000, 5_000);

    @AfterEach
    void off() {
        Trace.disable();
    }

    private void enable() {
        Trace.enable(TraceOptions.defaults().withClock(clock));
    }

    @Test
    void disabledTracingRecordsNothing() {
        enable();
        Trace.disable();
        assertThat(Trace.isEnabled()).isFalse();
        Trace.begin(SPAN, 1, 2, 3);
        Trace.instant(POINT, 1);
        Trace.end(SPAN, 1, 2, 3);
        assertThat(Trace.now()).isEqualTo(Trace.NOT_STARTED);
        assertThat(Trace.snapshot().events()).isEmpty();
    }

    @Test
    void eachPhaseIsRecordedWithItsFieldsAndTheSessionClock() {
        enable();
        assertThat(Trace.isEnabled()).isTrue();
        Trace.begin(SPAN, 7, 1, 2);
        clock.advance(100);
        long start = Trace.now();
        Trace.instant(POINT, 8, 3, 4);
        clock.advance(50);
        Trace.complete(SPAN, 9, start, 5, 6);
        Trace.counter(GAUGE, 10, 11, 12);
        Trace.instant(POINT, 13);
        clock.advance(25);
        Trace.end(SPAN, 7, 20, 21);
        TraceSnapshot s = Trace.snapshot();
        long tid = Thread.currentThread().threadId();
        String name = Thread.currentThread().getName();
        assertThat(s.events())
                .containsExactly(
                        new TraceEvent(SPAN, TracePhase.BEGIN, 1_000, 0, 7, tid, name, 1, 2),
                        new TraceEvent(POINT, TracePhase.INSTANT, 1_100, 0, 8, tid, name, 3, 4),
                        new TraceEvent(SPAN, TracePhase.COMPLETE, 1_100, 50, 9, tid, name, 5, 6),
                        new TraceEvent(GAUGE, TracePhase.COUNTER, 1_150, 0, 10, tid, name, 11, 12),
                        new TraceEvent(POINT, TracePhase.INSTANT, 1_150, 0, 13, tid, name, 0, 0),
                        new TraceEvent(SPAN, TracePhase.END, 1_175, 0, 7, tid, name, 20, 21));
        assertThat(s.threads()).containsExactly(new TraceThread(tid, name, 6, 0, 0));
        assertThat(s.nanosAtSnapshot()).isEqualTo(1_175);
        assertThat(s.wallClockMillis()).isEqualTo(5_000);
        assertThat(s.kinds()).containsExactly(SPAN, POINT, GAUGE);
    }

    @Test
    void completeIgnoresAStartTakenWhileTracingWasOff() {
        long start = Trace.now();
        enable();
        Trace.complete(SPAN, 1, start, 0, 0);
        assertThat(Trace.snapshot().events()).isEmpty();
    }

    @Test
    void misuseIsRefusedWhileEnabledAndNotCheckedWhileDisabled() {
        TraceKind described = TraceKind.describe("tracetest.x", "tracetest", TraceKind.Type.INSTANT, "t", "a", "b");
        Trace.begin(POINT, 0, 0, 0); // disabled: not even looked at
        Trace.instant(described, 0);
        enable();
        assertThatThrownBy(() -> Trace.begin(POINT, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tracetest.point' is an instant kind; it cannot record a begin event");
        assertThatThrownBy(() -> Trace.instant(SPAN, 0)).hasMessageContaining("cannot record an instant event");
        assertThatThrownBy(() -> Trace.counter(SPAN, 0, 0, 0)).hasMessageContaining("counter");
        assertThatThrownBy(() -> Trace.complete(POINT, 0, 0, 0, 0)).hasMessageContaining("complete");
        assertThatThrownBy(() -> Trace.instant(described, 0)).hasMessageContaining("register it with");
        assertThat(Trace.snapshot().events()).isEmpty();
    }

    @Test
    void theSnapshotOutlivesDisableAndANewSessionStartsEmpty() {
        enable();
        Trace.instant(POINT, 1);
        Trace.disable();
        assertThat(Trace.snapshot().events()).hasSize(1);
        enable();
        assertThat(Trace.snapshot().events()).isEmpty();
        Trace.instant(POINT, 2);
        assertThat(Trace.snapshot().events())
                .extracting(TraceEvent::logicalTime)
                .containsExactly(2L);
    }

    @Test
    void eventsOfFinishedThreadsAreExportedMergedInTimeOrder() throws Exception {
        enable();
        List<Long> ids = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int k = t;
            Thread th = Thread.ofPlatform().name("tracer-" + t).start(() -> {
                for (int i = 0; i < 2; i++) {
                    clock.advance(10);
                    Trace.instant(POINT, k * 10 + i);
                }
            });
            th.join();
            ids.add(th.threadId());
        }
        Thread v = Thread.ofVirtual().name("virtual-tracer").start(() -> Trace.instant(POINT, 99));
        v.join();
        TraceSnapshot s = Trace.snapshot();
        assertThat(s.events()).extracting(TraceEvent::logicalTime).containsExactly(0L, 1L, 10L, 11L, 20L, 21L, 99L);
        assertThat(s.events().get(2).threadName()).isEqualTo("tracer-1");
        assertThat(s.events().get(6).threadName()).isEqualTo("virtual-tracer");
        assertThat(s.threads()).extracting(TraceThread::id).containsSubsequence(ids);
        assertThat(s.threads()).extracting(TraceThread::recorded).containsExactly(2L, 2L, 2L, 1L);
    }

    @Test
    void finishedThreadsBeyondTheBoundAreReleasedAndCounted() throws Exception {
        Trace.enable(TraceOptions.defaults().withClock(clock).withMaxFinishedThreads(2));
        int threads = 150;
        for (int t = 0; t < threads; t++) {
            int k = t;
            Thread th = Thread.ofPlatform().start(() -> {
                Trace.instant(POINT, k);
                Trace.instant(POINT, k);
                Trace.instant(POINT, k);
            });
            th.join();
        }
        TraceSnapshot s = Trace.snapshot();
        int kept = s.threads().size();
        assertThat(kept).isLessThan(threads);
        assertThat(s.droppedFromFinishedThreads()).isEqualTo(3L * (threads - kept));
        assertThat(s.dropped()).isEqualTo(s.droppedFromFinishedThreads());
        assertThat(s.events()).hasSize(3 * kept);
        assertThat(s.events().getLast().logicalTime()).isEqualTo(threads - 1); // the newest are kept
    }

    @Test
    void aFullRingDropsItsOldestAndSaysHowMany() {
        Trace.enable(TraceOptions.defaults().withClock(clock).withCapacityPerThread(16));
        for (int i = 0; i < 100; i++) {
            Trace.instant(POINT, i);
        }
        TraceSnapshot s = Trace.snapshot();
        assertThat(s.events()).extracting(TraceEvent::logicalTime).first().isEqualTo(84L);
        assertThat(s.threads().getFirst().dropped()).isEqualTo(84);
        assertThat(s.dropped()).isEqualTo(84);
    }

    @Test
    void steadyStateRecordingDoesNotAllocate() {
        Trace.enable(1024);
        for (int i = 0; i < 200_000; i++) { // the ring grows to capacity; the loop compiles
            Trace.instant(POINT, i, i, i);
        }
        long before = allocatedBytes();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            Trace.instant(POINT, i, i, i);
        }
        long allocated = allocatedBytes() - before;
        System.out.printf("enabled tracing: %.4f bytes allocated per event%n", allocated / (double) n);
        assertThat(allocated)
                .as("bytes allocated by a million enabled recordings")
                .isLessThan(4096);
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void optionsRoundTheCapacityAndRefuseNonsense() {
        assertThat(TraceOptions.defaults().withCapacityPerThread(1).capacityPerThread())
                .isEqualTo(TraceOptions.MIN_CAPACITY);
        assertThat(TraceOptions.defaults().withCapacityPerThread(1000).capacityPerThread())
                .isEqualTo(1024);
        assertThat(TraceOptions.defaults().withCapacityPerThread(1024).capacityPerThread())
                .isEqualTo(1024);
        assertThatThrownBy(() -> TraceOptions.defaults().withCapacityPerThread(0))
                .hasMessageContaining("capacity per thread must be in [1, 16777216], not 0");
        assertThatThrownBy(() -> TraceOptions.defaults().withMaxFinishedThreads(-1))
                .hasMessageContaining("maxFinishedThreads");
        Trace.enable(100);
        assertThat(Trace.options().capacityPerThread()).isEqualTo(128);
    }

    @Test
    void startupPropertiesEnableAndConfigure() {
        assertThat(TraceStartup.options(null, null, null, null)).isNull();
        assertThat(TraceStartup.options("false", "64", "true", "")).isNull();
        TraceOptions o = TraceStartup.options("true", "100", "off", null);
        assertThat(o.capacityPerThread()).isEqualTo(128);
        assertThat(o.jfr()).isFalse();
        assertThat(TraceStartup.options(null, null, "on", "/tmp/t.jsonl").jfr()).isTrue();
        assertThatThrownBy(() -> TraceStartup.options("yes", null, null, null))
                .hasMessageContaining("lockstep.trace=yes is not true/false/on/off");
        assertThatThrownBy(() -> TraceStartup.options("true", "lots", null, null))
                .hasMessageContaining("lockstep.trace.capacity=lots is not a whole number");
        assertThatThrownBy(() -> TraceStartup.options("true", "0", null, null))
                .hasMessageContaining("lockstep.trace.capacity=0: trace capacity per thread");
    }
}
