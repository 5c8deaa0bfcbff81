package dev.lockstep.core.trace.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The snapshot a converted recording came from ({@code dev.lockstep.TraceSnapshot}): its clock
 * readings and the events lost with released rings.
 */
@Name(TraceJfrSnapshotEvent.NAME)
@Label("Lockstep Trace Snapshot")
@Category({"Lockstep", "Trace"})
@Description("The Lockstep trace snapshot this recording was converted from")
@StackTrace(false)
public final class TraceJfrSnapshotEvent extends jdk.jfr.Event {
    public static final String NAME = "dev.lockstep.TraceSnapshot";

    @Label("Nanos At Snapshot")
    public long nanosAtSnapshot;

    @Label("Wall Clock Millis")
    public long wallClockMillis;

    @Label("Dropped From Finished Threads")
    public long droppedFromFinishedThreads;
}
