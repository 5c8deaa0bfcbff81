package dev.lockstep.core.trace.internal;

import dev.lockstep.core.trace.TraceEvent;
import dev.lockstep.core.trace.TraceKind;
import dev.lockstep.core.trace.TracePhase;
import dev.lockstep.core.trace.TraceSnapshot;
import dev.lockstep.core.trace.TraceThread;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The Chrome Trace Event Format (the JSON Object Format of Google's "Trace Event Format"
 * document), which Perfetto (ui.perfetto.dev) and {@code chrome://tracing} open:
 *
 * <pre>{@code
 * {"traceEvents":[
 *   {"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"lockstep"}},
 *   {"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"main"}},
 *   {"name":"demo.step","cat":"demo","ph":"B","ts":0.000,"pid":1,"tid":1,"args":{"step":1,"a":0,"b":0}},
 *   ...],
 *  "displayTimeUnit":"ns",
 *  "otherData":{"format":"lockstep-trace chrome export","dropped":"0","torn":"0","unmatchedEnds":"0"}}
 * }</pre>
 *
 * <p>Phases map to {@code ph} B, E, X (with {@code dur}), i (thread-scoped, {@code "s":"t"}) and C
 * (the two fields as two counter series). {@code ts} is in microseconds (three decimals, so
 * nanoseconds survive) from the earliest event. {@code args} holds the logical time and the two
 * fields under the kind's names. The viewers close the innermost open B of a thread at each E
 * whatever its name, so an E whose B was lost (overwritten in a full ring) would close the wrong
 * slice: an E is written only when the innermost open span on its thread is of its kind; the
 * others are left out and counted in {@code otherData.unmatchedEnds}. A B never closed stays open
 * (the viewers show it running to the end of the trace).
 */
final class Chrome {
    private Chrome() {}

    static void write(TraceSnapshot snapshot, Writer out) throws IOException {
        long origin = Long.MAX_VALUE;
        for (TraceEvent e : snapshot.events()) {
            origin = Math.min(origin, e.nanos());
        }
        StringBuilder b = new StringBuilder(256);
        out.write("{\"traceEvents\":[\n");
        b.append("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"lockstep\"}}");
        for (TraceThread t : snapshot.threads()) {
            b.append(",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":")
                    .append(t.id())
                    .append(",\"args\":{\"name\":");
            Json.quote(b, t.name()).append("}}");
        }
        out.write(b.toString());
        Map<Long, ArrayDeque<TraceKind>> open = new HashMap<>();
        long unmatchedEnds = 0;
        for (TraceEvent e : snapshot.events()) {
            TracePhase phase = e.phase();
            if (phase == TracePhase.BEGIN) {
                open.computeIfAbsent(e.threadId(), k -> new ArrayDeque<>()).push(e.kind());
            } else if (phase == TracePhase.END) {
                ArrayDeque<TraceKind> stack = open.get(e.threadId());
                if (stack == null || stack.isEmpty() || !stack.peek().equals(e.kind())) {
                    unmatchedEnds++; // its B was lost or the spans cross: the viewer would close the wrong one
                    continue;
                }
                stack.pop();
            }
            b.setLength(0);
            event(b, e, origin);
            out.write(b.toString());
        }
        b.setLength(0);
        b.append("\n],\n\"displayTimeUnit\":\"ns\",\n\"otherData\":{\"format\":\"lockstep-trace chrome export\"");
        b.append(",\"events\":\"").append(snapshot.events().size()).append('"');
        b.append(",\"dropped\":\"").append(snapshot.dropped()).append('"');
        b.append(",\"torn\":\"").append(snapshot.torn()).append('"');
        b.append(",\"unmatchedEnds\":\"").append(unmatchedEnds).append('"');
        b.append(",\"nanosAtOrigin\":\"")
                .append(origin == Long.MAX_VALUE ? snapshot.nanosAtSnapshot() : origin)
                .append('"');
        b.append(",\"nanosAtSnapshot\":\"").append(snapshot.nanosAtSnapshot()).append('"');
        b.append(",\"wallClockMillisAtSnapshot\":\"")
                .append(snapshot.wallClockMillis())
                .append("\"}}\n");
        out.write(b.toString());
    }

    private static void event(StringBuilder b, TraceEvent e, long origin) {
        TraceKind k = e.kind();
        b.append(",\n{\"name\":");
        Json.quote(b, k.name()).append(",\"cat\":");
        Json.quote(b, k.category())
                .append(",\"ph\":\"")
                .append(e.phase().chromeLetter())
                .append('"');
        b.append(",\"ts\":");
        micros(b, e.nanos() - origin);
        if (e.phase() == TracePhase.COMPLETE) {
            b.append(",\"dur\":");
            micros(b, e.durationNanos());
        }
        if (e.phase() == TracePhase.INSTANT) {
            b.append(",\"s\":\"t\"");
        }
        b.append(",\"pid\":1,\"tid\":").append(e.threadId()).append(",\"args\":{");
        if (e.phase() != TracePhase.COUNTER) { // a counter's args are its series: the two fields only
            Json.quote(b, k.logicalTimeName())
                    .append(':')
                    .append(e.logicalTime())
                    .append(',');
        }
        Json.quote(b, k.fieldAName()).append(':').append(e.a()).append(',');
        Json.quote(b, k.fieldBName()).append(':').append(e.b()).append("}}");
    }

    /** Nanoseconds as microseconds with three decimals: 1234567 becomes 1234.567. */
    static void micros(StringBuilder b, long nanos) {
        b.append(nanos / 1000).append('.');
        long frac = nanos % 1000;
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        b.append(frac);
    }
}
