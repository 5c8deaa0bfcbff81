package dev.lockstep.bench;

/** A benchmark run that cannot go on; the message says what was wrong and where. */
final class BenchException extends RuntimeException {
    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
