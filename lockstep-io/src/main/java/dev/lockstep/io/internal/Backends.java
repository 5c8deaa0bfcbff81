package dev.lockstep.io.internal;

import dev.lockstep.io.BackendKind;
import dev.lockstep.io.internal.uring.Availability;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Chooses a runtime's backend. IO_URING: the io_uring backend, or an {@link IllegalStateException}
 * naming why io_uring cannot be used. AUTO: io_uring when a ring opens, else NIO, with the reason
 * logged once per JVM ({@code System.Logger} "dev.lockstep.io", INFO). NIO: NIO.
 *
 * <p>The system property {@code lockstep.io.uring=off} makes io_uring unavailable (read at each
 * choice), so the fallback can be forced, and is tested. {@link #FALLBACK_LOGGED} is the only
 * state: a CAS makes exactly one runtime of the JVM log the reason.
 */
public final class Backends {
    /** The property that switches io_uring off: {@code -Dlockstep.io.uring=off}. */
    public static final String PROPERTY = "lockstep.io.uring";

    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private Backends() {}

    /** The backend for {@code kind}; {@code runtime} names the runtime in messages. */
    public static Backend open(BackendKind kind, String runtime) {
        return switch (kind) {
            case NIO -> new NioBackend();
            case IO_URING -> {
                Object b = tryUring();
                if (b instanceof Availability.Unavailable u) {
                    throw new IllegalStateException(
                            "runtime '" + runtime + "' asked for the IO_URING backend, but " + u.reason());
                }
                yield (Backend) b;
            }
            case AUTO -> {
                Object b = tryUring();
                if (b instanceof Availability.Unavailable u) {
                    if (FALLBACK_LOGGED.compareAndSet(false, true)) { // invariant: logged once per JVM
                        System.getLogger("dev.lockstep.io")
                                .log(
                                        System.Logger.Level.INFO,
                                        "io_uring is not used, the runtimes fall back to NIO: " + u.reason());
                    }
                    yield new NioBackend();
                }
                yield (Backend) b;
            }
        };
    }

    /** A {@link UringBackend}, or the {@link Availability.Unavailable} reason. */
    public static Object tryUring() {
        if ("off".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
            return new Availability.Unavailable("io_uring is switched off (-D" + PROPERTY + "=off)", 0);
        }
        return UringBackend.tryOpen();
    }

    /** Whether the fallback reason was logged in this JVM (tests). */
    public static boolean fallbackLogged() {
        return FALLBACK_LOGGED.get();
    }

    /** Lets the next fallback log again (tests only). */
    public static void resetFallbackLogForTests() {
        FALLBACK_LOGGED.set(false);
    }
}
