package dev.lockstep.core.trace;

import java.lang.System.Logger.Level;
import java.nio.file.Path;

/**
 * The system properties {@link Trace} reads when it initialises: {@code lockstep.trace}, {@code
 * lockstep.trace.capacity}, {@code lockstep.trace.jfr} and {@code lockstep.trace.file}.
 */
final class TraceStartup {
    private TraceStartup() {}

    static final String ENABLE = "lockstep.trace";
    static final String CAPACITY = "lockstep.trace.capacity";
    static final String JFR = "lockstep.trace.jfr";
    static final String FILE = "lockstep.trace.file";

    /**
     * The logger, fetched only when there is something to log: Trace initialises this class in
     * every JVM that uses the runtime, and {@code System.getLogger} loads the logging service
     * (about 400 JDK classes, 15-20 ms in a fresh JVM) even when nothing is ever logged.
     */
    private static System.Logger log() {
        return System.getLogger("dev.lockstep.core.trace");
    }

    static void apply() {
        try {
            TraceOptions options = options(
                    System.getProperty(ENABLE),
                    System.getProperty(CAPACITY),
                    System.getProperty(JFR),
                    System.getProperty(FILE));
            if (options == null) {
                return;
            }
            String file = System.getProperty(FILE);
            Path path = file == null || file.isBlank() ? null : Path.of(file);
            if (path != null) {
                TraceFormat.forFile(path); // a name without a known extension fails now, not at exit
            }
            Trace.enable(options);
            if (path != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> writeAtExit(path), "lockstep-trace-write"));
            }
        } catch (RuntimeException e) {
            log().log(Level.WARNING, "lockstep: tracing stays off: " + e.getMessage());
        }
    }

    /**
     * The options the properties ask for, or {@code null} when they do not enable tracing.
     *
     * @throws IllegalArgumentException naming the property with a malformed value
     */
    static TraceOptions options(String enable, String capacity, String jfr, String file) {
        boolean on = bool(ENABLE, enable) || (file != null && !file.isBlank());
        if (!on) {
            return null;
        }
        TraceOptions options = TraceOptions.defaults().withJfr(bool(JFR, jfr));
        if (capacity != null) {
            try {
                options = options.withCapacityPerThread(Integer.parseInt(capacity.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(CAPACITY + "=" + capacity + " is not a whole number", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(CAPACITY + "=" + capacity + ": " + e.getMessage(), e);
            }
        }
        return options;
    }

    private static boolean bool(String property, String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("false") || value.equalsIgnoreCase("off")) {
            return false;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on")) {
            return true;
        }
        throw new IllegalArgumentException(property + "=" + value + " is not true/false/on/off");
    }

    private static void writeAtExit(Path file) {
        try {
            TraceSnapshot s = Trace.disableAndWrite(file);
            log().log(Level.INFO, "wrote " + s.events().size() + " trace events to " + file);
        } catch (RuntimeException e) {
            log().log(Level.ERROR, "could not write the trace at exit: " + e.getMessage());
        }
    }
}
