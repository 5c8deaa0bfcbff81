package dev.lockstep.core.trace;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The trace file formats. Writing: all three; reading back ({@link TraceSnapshot#read}): JSON
 * Lines and JFR.
 */
public enum TraceFormat {
    /** Lockstep's own format, one JSON object per line, versioned (docs/core/trace.md). */
    JSON_LINES("jsonl"),
    /**
     * The Chrome Trace Event Format ({@code {"traceEvents": [...]}}), for Perfetto
     * (ui.perfetto.dev) and {@code chrome://tracing}.
     */
    CHROME("chrome"),
    /**
     * A JFR recording of {@code dev.lockstep.Trace} events, for JDK Mission Control and {@code jfr
     * print --events dev.lockstep.Trace}.
     */
    JFR("jfr");

    private final String cliName;

    TraceFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The short name the CLI uses: {@code jsonl}, {@code chrome} or {@code jfr}. */
    public String cliName() {
        return cliName;
    }

    /**
     * The format a file name asks for: {@code .jsonl} is JSON Lines, {@code .json} Chrome, {@code
     * .jfr} JFR.
     *
     * @throws IllegalArgumentException for any other extension, naming the file
     */
    public static TraceFormat forFile(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".jsonl")) {
            return JSON_LINES;
        }
        if (n.endsWith(".json")) {
            return CHROME;
        }
        if (n.endsWith(".jfr")) {
            return JFR;
        }
        throw new IllegalArgumentException("cannot tell the trace format of " + file
                + " from its name: use .jsonl (JSON Lines), .json (Chrome trace) or .jfr (JFR)");
    }

    /**
     * The format with this {@link #cliName()}.
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static TraceFormat named(String name) {
        for (TraceFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown trace format '" + name + "'; valid: jsonl, chrome, jfr");
    }
}
