package dev.lockstep.flow.http;

import java.nio.charset.StandardCharsets;

/**
 * The body of a streaming response: each {@link #write} becomes one chunk (chunked transfer
 * coding; for an HTTP/1.0 client the bytes go as they are and the connection closes at the end).
 * Writes are buffered until {@link #flush()} or until the buffer fills. Used only by the
 * connection's task, so it is not thread-safe; a write after the client went away throws the
 * socket's {@code IoException}.
 */
public final class ResponseStream {
    /** What the connection does with the bytes (package-private: the connection implements it). */
    interface Sink {
        void chunk(byte[] b, int off, int len);

        void flush();

        void end();
    }

    private final Sink sink;
    private boolean ended;

    ResponseStream(Sink sink) {
        this.sink = sink;
    }

    /** Writes {@code b[off, off + len)} as one chunk (an empty write writes nothing). */
    public void write(byte[] b, int off, int len) {
        check();
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len > 0) {
            sink.chunk(b, off, len);
        }
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    /** Writes {@code s} in UTF-8. */
    public void write(String s) {
        write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends what is buffered. */
    public void flush() {
        check();
        sink.flush();
    }

    /** Ends the body now (the final chunk) and sends it; later writes throw. Idempotent. */
    public void end() {
        if (!ended) {
            ended = true;
            sink.end();
        }
    }

    public boolean ended() {
        return ended;
    }

    private void check() {
        if (ended) {
            throw new IllegalStateException("the response stream has ended");
        }
    }
}
