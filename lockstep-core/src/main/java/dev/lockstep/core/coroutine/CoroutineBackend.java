package dev.lockstep.core.coroutine;

import java.util.Locale;

/**
 * How a {@link Coroutine} suspends. Both backends keep one contract (the same test suite runs
 * against each); they differ in cost and in what they need from the JVM.
 *
 * <ul>
 *   <li>{@link #CONTINUATION}: the JDK's own one-shot delimited continuation, {@code
 *       jdk.internal.vm.Continuation}, mounted on the resuming thread's stack. About a hundred
 *       nanoseconds per yield and resume. Needs the JVM flag {@value #REQUIRED_FLAG}.
 *   <li>{@link #VIRTUAL_THREAD}: portable; the body runs on a virtual thread of its own, and
 *       resume and yield hand control over with a strict handoff (exactly one side runs at a time).
 *       Microseconds per switch. Needs nothing.
 * </ul>
 *
 * <p>{@link #defaultBackend()} is chosen once, from the system property {@value #PROPERTY}: {@code
 * auto} (the default: CONTINUATION when the export is present, else VIRTUAL_THREAD), {@code
 * continuation} or {@code virtual-thread}.
 */
public enum CoroutineBackend {
    /** {@code jdk.internal.vm.Continuation}; needs {@value #REQUIRED_FLAG}. */
    CONTINUATION,
    /** A virtual thread per coroutine with a strict handoff; portable. */
    VIRTUAL_THREAD;

    /** System property choosing the default backend: {@code auto}, {@code continuation} or {@code virtual-thread}. */
    public static final String PROPERTY = "lockstep.coroutine.backend";

    /** The JVM flag the CONTINUATION backend needs. */
    public static final String REQUIRED_FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    /** True if this JVM can run this backend (CONTINUATION needs {@value #REQUIRED_FLAG}). */
    public boolean isAvailable() {
        return this == VIRTUAL_THREAD || Choice.CONTINUATION_EXPORTED;
    }

    /**
     * The backend {@link Coroutine#create(String, Object, Coroutine.Body)} uses, read once from
     * {@value #PROPERTY}.
     *
     * @throws CoroutineException if the property names the CONTINUATION backend and the JVM lacks
     *     {@value #REQUIRED_FLAG}, or if its value is not one of the three words
     */
    public static CoroutineBackend defaultBackend() {
        CoroutineBackend b = Choice.DEFAULT;
        if (b == null) {
            throw new CoroutineException(Choice.ERROR);
        }
        return b;
    }

    /** Throws unless this backend can run here; the message names the missing flag. */
    void requireAvailable() {
        if (!isAvailable()) {
            throw new CoroutineException(missingExport("the CONTINUATION coroutine backend"));
        }
    }

    static String missingExport(String what) {
        return what + " needs the JVM flag " + REQUIRED_FLAG
                + " (bin/lockstep and the test JVMs pass it); without it use " + PROPERTY
                + "=virtual-thread or auto";
    }

    /** The choice, made once at first use; an invalid property is reported at every use. */
    private static final class Choice {
        static final boolean CONTINUATION_EXPORTED =
                Object.class.getModule().isExported("jdk.internal.vm", CoroutineBackend.class.getModule());
        static final CoroutineBackend DEFAULT;
        static final String ERROR;

        static {
            String raw = System.getProperty(PROPERTY, "auto");
            String v = raw.trim().toLowerCase(Locale.ROOT);
            CoroutineBackend chosen = null;
            String error = null;
            switch (v) {
                case "auto", "" -> chosen = CONTINUATION_EXPORTED ? CONTINUATION : VIRTUAL_THREAD;
                case "continuation" -> {
                    if (CONTINUATION_EXPORTED) {
                        chosen = CONTINUATION;
                    } else {
                        error = missingExport(PROPERTY + "=" + raw);
                    }
                }
                case "virtual-thread", "virtual_thread", "vt" -> chosen = VIRTUAL_THREAD;
                default ->
                    error = PROPERTY + "=" + raw + " is not a coroutine backend: expected auto, continuation or"
                            + " virtual-thread";
            }
            DEFAULT = chosen;
            ERROR = error;
        }
    }
}
