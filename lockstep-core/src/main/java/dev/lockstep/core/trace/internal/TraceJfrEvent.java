package dev.lockstep.core.trace.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One Lockstep trace event as a JFR event, {@code dev.lockstep.Trace}. Committed live (JFR
 * mode of a session: the JFR event's own thread and start time are the recording's) or by a
 * conversion of a trace file (then the JFR thread and time are the converter's, and the fields
 * below carry the original ones). Every field a {@code TraceEvent} has is here, so a recording
 * converts back.
 */
@Name(TraceJfrEvent.NAME)
@Label("Lockstep Trace")
@Category({"Lockstep", "Trace"})
@Description("A Lockstep trace event: a span edge, an instant or a counter of one layer")
@StackTrace(false)
public final class TraceJfrEvent extends jdk.jfr.Event {
    public static final String NAME = "dev.lockstep.Trace";

    @Label("Kind")
    @Description("The trace kind's name, e.g. sync.instant")
    public String kind;

    @Label("Category")
    public String category;

    @Label("Kind Type")
    @Description("span, instant or counter")
    public String kindType;

    @Label("Phase")
    @Description("begin, end, complete, instant or counter")
    public String phase;

    @Label("Logical Time")
    @Description("The layer's logical time: instant, tick or request id")
    public long logicalTime;

    @Label("Logical Time Name")
    public String logicalTimeName;

    @Label("A")
    public long a;

    @Label("A Name")
    public String aName;

    @Label("B")
    public long b;

    @Label("B Name")
    public String bName;

    @Label("Original Nanos")
    @Description("The event's nanos on the trace session's clock (the start, for a complete event)")
    public long originalNanos;

    @Label("Span Duration")
    @Description("A complete event's duration; 0 otherwise")
    @Timespan(Timespan.NANOSECONDS)
    public long spanDuration;

    @Label("Trace Thread Id")
    @Description("The recording thread's id (Thread.threadId())")
    public long traceThreadId;

    @Label("Trace Thread Name")
    public String traceThreadName;
}
