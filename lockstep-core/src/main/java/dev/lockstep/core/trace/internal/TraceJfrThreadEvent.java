package dev.lockstep.core.trace.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A trace thread's counts ({@code dev.lockstep.TraceThread}), one per thread, written by a
 * conversion to JFR so that the dropped counts survive the round trip.
 */
@Name(TraceJfrThreadEvent.NAME)
@Label("Lockstep Trace Thread")
@Category({"Lockstep", "Trace"})
@Description("A thread of a converted Lockstep trace, with its recorded, dropped and torn counts")
@StackTrace(false)
public final class TraceJfrThreadEvent extends jdk.jfr.Event {
    public static final String NAME = "dev.lockstep.TraceThread";

    @Label("Trace Thread Id")
    public long traceThreadId;

    @Label("Trace Thread Name")
    public String traceThreadName;

    @Label("Recorded")
    public long recorded;

    @Label("Dropped")
    @Description("The oldest events overwritten in the thread's full ring")
    public long dropped;

    @Label("Torn")
    @Description("Events skipped because they were being rewritten while the snapshot read them")
    public long torn;
}
