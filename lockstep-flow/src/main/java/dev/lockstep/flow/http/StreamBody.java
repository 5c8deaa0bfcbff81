package dev.lockstep.flow.http;

/**
 * Writes a streaming response's body; runs in the connection's task after the response head has
 * been sent, and the response ends when it returns (a final empty chunk). If it throws, the
 * connection is closed without that final chunk, so the client sees the response cut short rather
 * than complete.
 */
@FunctionalInterface
public interface StreamBody {
    void writeTo(ResponseStream out);
}
