package dev.lockstep.core.coroutine.internal;

import dev.lockstep.core.coroutine.Coroutine;
import dev.lockstep.core.coroutine.CoroutineException;
import dev.lockstep.core.coroutine.CoroutinePinnedException;
import dev.lockstep.core.coroutine.CoroutinePinnedException.Reason;
import java.lang.StackWalker.Option;
import java.lang.StackWalker.StackFrame;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The pin check: before a yield, walks the frames between the yield and the coroutine's entry and
 * refuses to suspend if one of them pins the coroutine.
 *
 * <ul>
 *   <li>NATIVE_FRAME: a native method; a frame of {@code jdk.internal.foreign.abi} (the hidden
 *       class of a foreign-function upcall stub: the walk shows hidden frames for it); a class
 *       initializer, which the JVM runs from native code.
 *   <li>MONITOR: a {@code synchronized} method, or a frame whose current bytecode index lies
 *       between a monitorenter and its monitorexit ({@link MonitorMaps}: a dataflow over the
 *       method's code, cached per method).
 * </ul>
 *
 * <p>A walk costs microseconds (the switch it guards costs about a hundred nanoseconds on the
 * Continuation backend), so it runs only when {@link #ENABLED}: system property {@value #PROPERTY}
 * = {@code auto} (the default: on when Java assertions are enabled for {@code
 * dev.lockstep.core.coroutine}, as in the test JVMs), {@code always} or {@code never}. Whatever the
 * mode, the Continuation backend reports native frames through {@link #reportedByJvm}.
 */
public final class PinCheck {
    private PinCheck() {}

    /** The mode's system property: auto, always or never. */
    public static final String PROPERTY = "lockstep.coroutine.pinCheck";

    /** Whether yields walk their frames; a constant, so a disabled check costs nothing. */
    public static final boolean ENABLED;

    private static final String MODE_ERROR;

    static {
        String raw = System.getProperty(PROPERTY, "auto");
        String error = null;
        boolean on;
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "auto", "" -> on = Coroutine.class.desiredAssertionStatus();
            case "always" -> on = true;
            case "never" -> on = false;
            default -> {
                on = false;
                error = PROPERTY + "=" + raw + " is not a pin check mode: expected auto, always or never";
            }
        }
        ENABLED = on;
        MODE_ERROR = error;
    }

    private static final StackWalker WALKER =
            StackWalker.getInstance(Set.of(Option.SHOW_HIDDEN_FRAMES, Option.RETAIN_CLASS_REFERENCE));

    /** The package of the JDK's foreign-function stubs; an upcall stub's frame is a native boundary. */
    private static final String FOREIGN_ABI = "jdk.internal.foreign.abi";

    /** Our own frames between the body and the yield: never pinning, not worth analysing. */
    private static final Set<String> OWN = Set.of(
            Coroutine.class.getName(),
            PinCheck.class.getName(),
            Drivers.class.getName(),
            "dev.lockstep.core.coroutine.internal.ContinuationDriver",
            "dev.lockstep.core.coroutine.internal.VirtualThreadDriver");

    /** Throws if the property holds an unknown mode (checked when a coroutine is created). */
    public static void requireValidMode() {
        if (MODE_ERROR != null) {
            throw new CoroutineException(MODE_ERROR);
        }
    }

    /**
     * Throws {@link CoroutinePinnedException} if a frame above the entry pins the coroutine.
     *
     * @param entryClass the class of the coroutine's entry frame, where the walk stops
     * @param entryMethod its method name
     */
    static void check(String coroutine, Class<?> entryClass, String entryMethod) {
        CoroutinePinnedException e =
                WALKER.walk(frames -> scan(frames.iterator(), coroutine, entryClass, entryMethod, true));
        if (e != null) {
            throw e;
        }
    }

    /**
     * The exception for a freeze the JVM refused ({@code Continuation.Pinned} by name), naming the
     * frame when the walk finds it.
     */
    static CoroutinePinnedException reportedByJvm(
            String coroutine, String jvmReason, Class<?> entryClass, String entryMethod) {
        boolean monitor = jvmReason.equals("MONITOR");
        if (monitor || jvmReason.equals("NATIVE")) {
            CoroutinePinnedException e =
                    WALKER.walk(frames -> scan(frames.iterator(), coroutine, entryClass, entryMethod, monitor));
            if (e != null) {
                return e;
            }
            return new CoroutinePinnedException(
                    coroutine,
                    monitor ? Reason.MONITOR : Reason.NATIVE_FRAME,
                    "the JVM reported " + jvmReason + " (no Java frame names it)");
        }
        return new CoroutinePinnedException(coroutine, Reason.CRITICAL_SECTION, "the JVM reported " + jvmReason);
    }

    /** The exception for a yield inside a binding the body made; names the frame that made it. */
    static CoroutinePinnedException openBinding(String coroutine, Class<?> entryClass, String entryMethod) {
        String frame = WALKER.walk(frames -> {
            boolean inCarrier = false;
            for (Iterator<StackFrame> it = frames.iterator(); it.hasNext(); ) {
                StackFrame f = it.next();
                Class<?> c = f.getDeclaringClass();
                if (c == entryClass && f.getMethodName().equals(entryMethod)) {
                    break;
                }
                boolean scope = c.getName().startsWith("java.lang.ScopedValue")
                        || c.getName().startsWith("java.util.concurrent.StructuredTaskScope");
                if (scope) {
                    inCarrier = true;
                } else if (inCarrier && !c.isHidden() && !c.getPackageName().equals("java.lang.invoke")) {
                    return "ScopedValue binding or structured scope opened in " + name(f);
                }
            }
            return "a ScopedValue binding or structured scope opened in the body";
        });
        return new CoroutinePinnedException(coroutine, Reason.SCOPED_VALUE, frame);
    }

    private static CoroutinePinnedException scan(
            Iterator<StackFrame> frames, String coroutine, Class<?> entryClass, String entryMethod, boolean monitors) {
        StackFrame lastVisible = null;
        while (frames.hasNext()) {
            StackFrame f = frames.next();
            Class<?> c = f.getDeclaringClass();
            String m = f.getMethodName();
            if (c == entryClass && m.equals(entryMethod)) {
                return null; // frames below belong to the resumer
            }
            if (OWN.contains(c.getName())) {
                continue;
            }
            if (f.isNativeMethod()) {
                return new CoroutinePinnedException(coroutine, Reason.NATIVE_FRAME, "native method " + name(f));
            }
            if (c.getPackageName().equals(FOREIGN_ABI)) {
                String target = lastVisible == null ? "?" : name(lastVisible);
                return new CoroutinePinnedException(
                        coroutine, Reason.NATIVE_FRAME, "foreign function upcall into " + target);
            }
            if (m.equals("<clinit>")) {
                return new CoroutinePinnedException(coroutine, Reason.NATIVE_FRAME, "class initializer " + name(f));
            }
            if (c.isHidden() || c.getPackageName().equals("java.lang.invoke")) {
                continue; // lambda forms and proxies: hold no monitor, name nothing useful
            }
            lastVisible = f;
            if (monitors) {
                switch (MonitorMaps.held(c, m, f.getDescriptor(), f.getByteCodeIndex())) {
                    case METHOD -> {
                        return new CoroutinePinnedException(
                                coroutine, Reason.MONITOR, "synchronized method " + name(f));
                    }
                    case BLOCK -> {
                        return new CoroutinePinnedException(
                                coroutine, Reason.MONITOR, "synchronized block in " + name(f));
                    }
                    case NONE -> {}
                }
            }
        }
        return null;
    }

    /** {@code class.method(file:line)}. */
    private static String name(StackFrame f) {
        String file = f.getFileName();
        int line = f.getLineNumber();
        return f.getClassName() + "." + f.getMethodName() + "(" + (file == null ? "Unknown Source" : file)
                + (line >= 0 ? ":" + line : "") + ")";
    }
}
