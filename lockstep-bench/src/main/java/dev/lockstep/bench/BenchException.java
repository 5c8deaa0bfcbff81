package dev.lockstep.bench;

/**
 * A benchmark run that cannot go on; the message says what was wrong and where. Public for the
 * drivers of {@link ExternalSuite}s in the suite packages.
 */
public final class BenchException extends RuntimeException {
    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
