package dev.lockstep.flow.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A response: a status, header fields and either a complete body (bytes, sent with
 * {@code Content-Length}) or a streaming one ({@link #stream}, {@link #sse}: chunked transfer
 * coding). Built fluently: {@code HttpResponse.text("hi").header("Cache-Control", "no-store")}.
 *
 * <p>The server owns the framing fields: a {@code Content-Length}, {@code Transfer-Encoding} or
 * {@code Date} set here is replaced by the server's own; {@code Connection: close} set here is
 * honoured (the connection closes after this response). To a HEAD request the server sends the same
 * head and no body; 1xx, 204 and 304 responses never have a body or a Content-Length.
 */
public final class HttpResponse {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EMPTY = new byte[0];

    private final int status;
    private final HttpHeaders headers = HttpHeaders.create();
    private final byte[] body;
    private final StreamBody stream;

    private HttpResponse(int status, byte[] body, StreamBody stream) {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("response status " + status + " is not a final status (200-999)");
        }
        this.status = status;
        this.body = body;
        this.stream = stream;
    }

    /** A response with no body. */
    public static HttpResponse status(int status) {
        return new HttpResponse(status, EMPTY, null);
    }

    /** 200 with {@code text/plain; charset=utf-8}. */
    public static HttpResponse text(String text) {
        return text(200, text);
    }

    public static HttpResponse text(int status, String text) {
        return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with {@code text/html; charset=utf-8}. */
    public static HttpResponse html(String html) {
        return bytes(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with {@code application/json} and {@code json} as it is (already JSON). */
    public static HttpResponse json(String json) {
        return bytes(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with {@code application/json}: {@code value} written by Jackson. */
    public static HttpResponse json(Object value) {
        return json(200, value);
    }

    public static HttpResponse json(int status, Object value) {
        try {
            return bytes(status, "application/json", JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write a " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A complete body with its content type (null: none). */
    public static HttpResponse bytes(int status, String contentType, byte[] body) {
        HttpResponse r = new HttpResponse(status, Objects.requireNonNull(body, "body"), null);
        if (contentType != null) {
            r.headers.set("Content-Type", contentType);
        }
        return r;
    }

    /** A streaming body, written by {@code body} after the head is sent (chunked). */
    public static HttpResponse stream(int status, String contentType, StreamBody body) {
        HttpResponse r = new HttpResponse(status, null, Objects.requireNonNull(body, "body"));
        if (contentType != null) {
            r.headers.set("Content-Type", contentType);
        }
        return r;
    }

    /**
     * A Server-Sent Events stream: 200, {@code text/event-stream}, {@code Cache-Control: no-cache};
     * {@code events} sends them and the stream ends when it returns (or at {@link SseStream#close}).
     */
    public static HttpResponse sse(Consumer<SseStream> events) {
        Objects.requireNonNull(events, "events");
        HttpResponse r = stream(200, "text/event-stream; charset=utf-8", out -> events.accept(new SseStream(out)));
        r.headers.set("Cache-Control", "no-cache");
        return r;
    }

    /** Appends a header field. */
    public HttpResponse header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The complete body, or null for a streaming response. */
    public byte[] body() {
        return body;
    }

    /** The streaming body, or null for a complete one. */
    public StreamBody streamBody() {
        return stream;
    }

    public boolean streaming() {
        return stream != null;
    }

    /** Whether responses of this status carry no body (1xx, 204, 304). */
    static boolean bodiless(int status) {
        return status < 200 || status == 204 || status == 304;
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + ", " + headers
                + (stream != null ? ", streaming]" : ", " + body.length + " B]");
    }
}
