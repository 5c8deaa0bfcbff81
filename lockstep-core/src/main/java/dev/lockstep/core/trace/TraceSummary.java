package dev.lockstep.core.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * What a trace holds, in numbers: events per kind, the longest spans, the time covered, and
 * what was lost. {@code lockstep trace summary} prints it.
 *
 * <p>Spans are COMPLETE events and BEGIN/END pairs. Pairs are matched per thread: an END closes
 * the innermost open BEGIN of the same kind on its thread (spans of other kinds opened inside it
 * stay open). A matched span takes its logical time from the BEGIN and its fields from the END
 * (where a layer puts results). An END with no open BEGIN of its kind (the BEGIN was overwritten
 * in a full ring, or recorded before the session) counts as {@link #unmatchedEnds()}; a BEGIN
 * never closed counts as {@link #unclosedBegins()}.
 *
 * @param events events in the trace
 * @param firstNanos the earliest event's nanos (0 without events)
 * @param lastNanos the latest event's end (0 without events)
 * @param kinds one entry per kind, most events first
 * @param longest the longest spans, longest first, at most the {@code top} asked for
 * @param threads the trace's threads and their counts
 * @param dropped events lost: overwritten in full rings, or with released rings
 * @param torn events skipped by a snapshot concurrent with their rewriting
 * @param unmatchedEnds END events without an open BEGIN of their kind on their thread
 * @param unclosedBegins BEGIN events never closed
 */
public record TraceSummary(
        long events,
        long firstNanos,
        long lastNanos,
        List<KindCount> kinds,
        List<Span> longest,
        List<TraceThread> threads,
        long dropped,
        long torn,
        long unmatchedEnds,
        long unclosedBegins) {
    public TraceSummary {
        kinds = List.copyOf(kinds);
        longest = List.copyOf(longest);
        threads = List.copyOf(threads);
    }

    /**
     * One kind's numbers.
     *
     * @param kind the kind
     * @param events its events (every phase)
     * @param spans its spans (COMPLETE events and matched pairs); 0 for instants and counters
     * @param totalNanos the spans' summed duration
     * @param maxNanos the longest span's duration
     */
    public record KindCount(TraceKind kind, long events, long spans, long totalNanos, long maxNanos) {}

    /**
     * One span.
     *
     * @param kind its kind
     * @param threadId the thread that recorded it
     * @param threadName that thread's name
     * @param startNanos when it began
     * @param durationNanos how long it lasted
     * @param logicalTime the BEGIN's (or COMPLETE event's) logical time
     * @param a the END's (or COMPLETE event's) field a
     * @param b the END's (or COMPLETE event's) field b
     */
    public record Span(
            TraceKind kind,
            long threadId,
            String threadName,
            long startNanos,
            long durationNanos,
            long logicalTime,
            long a,
            long b) {}

    /** The time from the first event to the end of the last. */
    public long spanNanos() {
        return lastNanos - firstNanos;
    }

    /**
     * Summarises a snapshot, keeping the {@code top} longest spans.
     *
     * @throws IllegalArgumentException if {@code top} is negative
     */
    public static TraceSummary of(TraceSnapshot snapshot, int top) {
        if (top < 0) {
            throw new IllegalArgumentException("top must be 0 or more, not " + top);
        }
        Map<TraceKind, long[]> perKind = new LinkedHashMap<>(); // events, spans, total, max
        Map<Long, List<TraceEvent>> open = new HashMap<>();
        Comparator<Span> shortestFirst = Comparator.comparingLong(Span::durationNanos);
        PriorityQueue<Span> longest = new PriorityQueue<>(Math.max(1, top), shortestFirst);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long unmatchedEnds = 0;
        for (TraceEvent e : snapshot.events()) {
            first = Math.min(first, e.nanos());
            last = Math.max(last, e.endNanos());
            perKind.computeIfAbsent(e.kind(), k -> new long[4])[0]++;
            Span span = null;
            switch (e.phase()) {
                case BEGIN ->
                    open.computeIfAbsent(e.threadId(), t -> new ArrayList<>()).add(e);
                case END -> {
                    TraceEvent begin = closeInnermost(open.get(e.threadId()), e.kind());
                    if (begin == null) {
                        unmatchedEnds++;
                    } else {
                        span = new Span(
                                e.kind(),
                                e.threadId(),
                                e.threadName(),
                                begin.nanos(),
                                e.nanos() - begin.nanos(),
                                begin.logicalTime(),
                                e.a(),
                                e.b());
                    }
                }
                case COMPLETE ->
                    span = new Span(
                            e.kind(),
                            e.threadId(),
                            e.threadName(),
                            e.nanos(),
                            e.durationNanos(),
                            e.logicalTime(),
                            e.a(),
                            e.b());
                default -> {
                    // instants and counters have no duration
                }
            }
            if (span != null) {
                long[] c = perKind.get(span.kind());
                c[1]++;
                c[2] += span.durationNanos();
                c[3] = Math.max(c[3], span.durationNanos());
                if (top > 0) {
                    longest.add(span);
                    if (longest.size() > top) {
                        longest.poll();
                    }
                }
            }
        }
        long unclosed = 0;
        for (List<TraceEvent> stack : open.values()) {
            unclosed += stack.size();
        }
        List<KindCount> kinds = new ArrayList<>();
        perKind.forEach((k, c) -> kinds.add(new KindCount(k, c[0], c[1], c[2], c[3])));
        kinds.sort(Comparator.comparingLong(KindCount::events)
                .reversed()
                .thenComparing(c -> c.kind().name()));
        List<Span> spans = new ArrayList<>(longest);
        spans.sort(shortestFirst.reversed());
        boolean any = !snapshot.events().isEmpty();
        return new TraceSummary(
                snapshot.events().size(),
                any ? first : 0,
                any ? last : 0,
                kinds,
                spans,
                snapshot.threads(),
                snapshot.dropped(),
                snapshot.torn(),
                unmatchedEnds,
                unclosed);
    }

    private static TraceEvent closeInnermost(List<TraceEvent> stack, TraceKind kind) {
        if (stack == null) {
            return null;
        }
        for (int i = stack.size() - 1; i >= 0; i--) {
            if (stack.get(i).kind().equals(kind)) {
                return stack.remove(i);
            }
        }
        return null;
    }
}
