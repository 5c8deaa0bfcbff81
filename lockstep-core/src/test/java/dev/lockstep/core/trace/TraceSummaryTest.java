package dev.lockstep.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting kinds, matching spans per thread, ranking durations. */
class TraceSummaryTest {
    static final TraceKind STEP = TraceKind.describe("sum.step", "sum", TraceKind.Type.SPAN, "req", "a", "b");
    static final TraceKind IO = TraceKind.describe("sum.io", "sum", TraceKind.Type.SPAN, "req", "a", "b");
    static final TraceKind MARK = TraceKind.describe("sum.mark", "sum", TraceKind.Type.INSTANT, "t", "a", "b");

    private static TraceEvent e(TraceKind k, TracePhase p, long nanos, long thread, long lt, long b) {
        return new TraceEvent(k, p, nanos, 0, lt, thread, "t" + thread, 0, b);
    }

    @Test
    void spansArePairedPerThreadAndRankedByDuration() {
        List<TraceEvent> events = List.of(
                e(STEP, TracePhase.BEGIN, 100, 1, 1, 0),
                e(STEP, TracePhase.BEGIN, 110, 2, 2, 0), // another thread: its own stack
                e(IO, TracePhase.BEGIN, 120, 1, 1, 0),
                e(MARK, TracePhase.INSTANT, 130, 1, 5, 0),
                e(STEP, TracePhase.END, 150, 1, 1, 42), // closes thread 1's STEP; its IO stays open
                e(STEP, TracePhase.END, 400, 2, 2, 43),
                new TraceEvent(IO, TracePhase.COMPLETE, 500, 1000, 3, 1, "t1", 0, 44),
                e(STEP, TracePhase.END, 1600, 3, 9, 0)); // no BEGIN on thread 3
        TraceSnapshot s = new TraceSnapshot(2000, 0, List.of(new TraceThread(1, "t1", 9, 3, 0)), 2, events);
        TraceSummary sum = TraceSummary.of(s, 2);
        assertThat(sum.events()).isEqualTo(8);
        assertThat(sum.firstNanos()).isEqualTo(100);
        assertThat(sum.lastNanos()).isEqualTo(1600);
        assertThat(sum.spanNanos()).isEqualTo(1500);
        assertThat(sum.unmatchedEnds()).isEqualTo(1);
        assertThat(sum.unclosedBegins()).isEqualTo(1);
        assertThat(sum.dropped()).isEqualTo(5);
        assertThat(sum.longest()).extracting(TraceSummary.Span::durationNanos).containsExactly(1000L, 290L);
        TraceSummary.Span second = sum.longest().get(1);
        assertThat(second.kind()).isEqualTo(STEP);
        assertThat(second.threadName()).isEqualTo("t2");
        assertThat(second.logicalTime()).isEqualTo(2); // from the BEGIN
        assertThat(second.b()).isEqualTo(43); // from the END
        assertThat(sum.kinds()).extracting(c -> c.kind().name()).containsExactly("sum.step", "sum.io", "sum.mark");
        TraceSummary.KindCount step = sum.kinds().getFirst();
        assertThat(step.events()).isEqualTo(5);
        assertThat(step.spans()).isEqualTo(2);
        assertThat(step.totalNanos()).isEqualTo(50 + 290);
        assertThat(step.maxNanos()).isEqualTo(290);
    }

    @Test
    void anEmptyTraceSummarisesToZeros() {
        TraceSummary sum = TraceSummary.of(TraceSnapshot.empty(), 5);
        assertThat(sum.events()).isZero();
        assertThat(sum.spanNanos()).isZero();
        assertThat(sum.kinds()).isEmpty();
        assertThat(sum.longest()).isEmpty();
        assertThatThrownBy(() -> TraceSummary.of(TraceSnapshot.empty(), -1)).hasMessageContaining("top");
    }
}
