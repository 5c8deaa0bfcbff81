package dev.lockstep.core.coroutine;

/**
 * Thrown by {@link Coroutine#yield()} when the coroutine cannot (or must not) be suspended where it
 * is: while it holds a monitor, with a native frame between the yield and the coroutine's entry, or
 * (CONTINUATION backend) inside a ScopedValue binding the body made. The yield does not happen; the body goes on running and may handle the exception (for example
 * leave the {@code synchronized} block and yield after it).
 *
 * <p>Why a monitor counts although JDK 25 can suspend with one held: the monitor stays owned by the
 * suspended coroutine, not by any thread, so any thread that enters it meanwhile (including the
 * resumer, which would then never resume it) blocks for ever. See docs/core/coroutines.md.
 */
public class CoroutinePinnedException extends CoroutineException {
    /** What pins the coroutine. */
    public enum Reason {
        /** A {@code synchronized} method or block on the coroutine's stack holds a monitor. */
        MONITOR,
        /**
         * A native frame lies between the yield and the coroutine's entry: a native method, a
         * foreign-function (FFM) upcall, or a class initializer (which the JVM runs from native code).
         */
        NATIVE_FRAME,
        /** The JVM refused to suspend for a reason of its own (a JDK-internal critical section). */
        CRITICAL_SECTION,
        /**
         * CONTINUATION backend only: a {@code ScopedValue} binding (or a {@code
         * StructuredTaskScope}) made inside the body is open. Both live on the resuming thread,
         * which the continuation shares, and would leak to the resumer across the yield.
         */
        SCOPED_VALUE
    }

    private final String coroutine;
    private final Reason reason;
    private final String frame;

    /**
     * @param coroutine the coroutine's name
     * @param reason what pins it
     * @param frame the offending frame as {@code class.method(file:line)}, or a description when no
     *     frame can be named
     */
    public CoroutinePinnedException(String coroutine, Reason reason, String frame) {
        super("coroutine '" + coroutine + "' cannot yield " + describe(reason) + ": " + frame);
        this.coroutine = coroutine;
        this.reason = reason;
        this.frame = frame;
    }

    private static String describe(Reason reason) {
        return switch (reason) {
            case MONITOR -> "while holding a monitor";
            case NATIVE_FRAME -> "under a native frame";
            case CRITICAL_SECTION -> "inside a JVM critical section";
            case SCOPED_VALUE -> "inside a ScopedValue binding or structured scope it opened";
        };
    }

    /** The name of the coroutine that tried to yield. */
    public String coroutine() {
        return coroutine;
    }

    /** What pins the coroutine. */
    public Reason reason() {
        return reason;
    }

    /** The offending frame ({@code class.method(file:line)}) or a description of it. */
    public String frame() {
        return frame;
    }
}
