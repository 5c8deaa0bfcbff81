package dev.lockstep.core.coroutine.internal;

import dev.lockstep.core.coroutine.Coroutine;

/**
 * Creates drivers and finds the innermost running coroutine of the calling thread.
 *
 * <p>{@link ContinuationDriver} is the only class that names {@code jdk.internal.vm.Continuation};
 * loading it without the export fails, so nothing here touches it until a CONTINUATION coroutine
 * has been created: its static initializer sets {@link #continuationLoaded} (volatile, so that a
 * thread that never initialised the class itself still reads it correctly; on x86 a volatile load
 * is a plain load). Until then, and in a JVM without the export, only the virtual-thread backend is
 * consulted.
 */
public final class Drivers {
    private Drivers() {}

    /** Set once by ContinuationDriver's static initializer. */
    private static volatile boolean continuationLoaded;

    static void markContinuationLoaded() {
        continuationLoaded = true;
    }

    /** A driver on {@code jdk.internal.vm.Continuation}; the caller checked the export. */
    public static <C> CoroutineDriver continuation(Coroutine<C> owner, Coroutine.Body<C> body) {
        return new ContinuationDriver(owner, body);
    }

    /** A driver on a virtual thread of its own. */
    public static CoroutineDriver virtualThread(Coroutine<?> owner, BodyRunner body) {
        return new VirtualThreadDriver(owner, body);
    }

    /**
     * Suspends the innermost coroutine of this thread; false if there is none. A mounted
     * Continuation coroutine is innermost whenever there is one (see Coroutine's overview).
     */
    public static boolean yieldCurrent() {
        if (continuationLoaded && ContinuationDriver.yieldCurrent()) {
            return true;
        }
        return VirtualThreadDriver.yieldCurrent();
    }

    /** The innermost coroutine running on this thread, or null. */
    public static Coroutine<?> currentOwner() {
        if (continuationLoaded) {
            Coroutine<?> c = ContinuationDriver.currentOwner();
            if (c != null) {
                return c;
            }
        }
        return VirtualThreadDriver.currentOwner();
    }
}
