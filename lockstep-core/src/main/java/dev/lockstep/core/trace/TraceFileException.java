package dev.lockstep.core.trace;

import java.nio.file.Path;

/**
 * A trace file is malformed. The message starts with {@code FILE:LINE:} (line 0 when the problem
 * is not on one line, such as a JFR file without trace events), then says what was wrong.
 */
public final class TraceFileException extends TraceException {
    private final transient Path file;
    private final long line;

    public TraceFileException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public TraceFileException(Path file, long line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The 1-based line at fault, or 0 when the problem is not on one line. */
    public long line() {
        return line;
    }
}
