package dev.lockstep.flow.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A request as the handler sees it: the request line (method, target, version), the decoded path
 * and query parameters, the header fields (case-insensitive, multi-valued, in order), the body and
 * its trailers, and an id unique within the server.
 *
 * <p>The body is read when the handler first asks for it ({@link #body()}), in the handler's task:
 * that is when a client that sent {@code Expect: 100-continue} gets its {@code 100 Continue}. A
 * handler that never reads the body has it skipped after its response (or, if the client still
 * waits for 100 Continue, the connection is closed after the response). A body that is malformed,
 * too large or too slow makes {@code body()} throw the {@link HttpParseException}, and the client
 * gets that status whatever the handler returns.
 */
public final class HttpRequest {
    /** Reads the body through the connection (package-private: the connection implements it). */
    interface BodySource {
        byte[] readBody();

        HttpHeaders trailers();

        /** The peer of the connection. */
        SocketAddress remoteAddress();
    }

    private final long id;
    private final String method;
    private final String target;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final String version;
    private final long contentLength;
    private final BodySource body;
    private final long arrivalNanos;

    HttpRequest(
            long id,
            String method,
            String target,
            String path,
            String rawQuery,
            Map<String, List<String>> query,
            HttpHeaders headers,
            String version,
            long contentLength,
            BodySource body,
            long arrivalNanos) {
        this.id = id;
        this.method = method;
        this.target = target;
        this.path = path;
        this.rawQuery = rawQuery;
        this.query = query;
        this.headers = headers;
        this.version = version;
        this.contentLength = contentLength;
        this.body = body;
        this.arrivalNanos = arrivalNanos;
    }

    /** Unique within the server (per runtime a sequence, interleaved across runtimes). */
    public long id() {
        return id;
    }

    /** The method: GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE or PATCH (others get 501). */
    public String method() {
        return method;
    }

    /** The request target as sent (origin-form {@code /a/b?x=1}, absolute-form or {@code *}). */
    public String target() {
        return target;
    }

    /** The path, percent-decoded as UTF-8 ({@code *} for the asterisk form). */
    public String path() {
        return path;
    }

    /** The query as sent (without {@code ?}), or null when there is none. */
    public String rawQuery() {
        return rawQuery;
    }

    /** Query parameters, decoded ({@code +} is a space), in order of first appearance. */
    public Map<String, List<String>> queryParams() {
        return query;
    }

    /** The first value of query parameter {@code name}, or null. */
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null ? null : v.get(0);
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String version() {
        return version;
    }

    /** The declared Content-Length, or -1 for a chunked body. */
    public long contentLength() {
        return contentLength;
    }

    /** The body (read on first call; empty when there is none). */
    public byte[] body() {
        return body.readBody();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /** The trailer fields of a chunked body (read with the body; empty when there are none). */
    public HttpHeaders trailers() {
        return body.trailers();
    }

    /**
     * The client's address and port ({@code InetSocketAddress}; read from the connection once, on
     * first use). Null when the peer has no address (a Unix domain socket).
     */
    public InetSocketAddress remoteAddress() {
        return body.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    /**
     * When the bytes that start this request were received ({@link System#nanoTime()}): a request
     * pipelined behind others arrived with them, so {@code System.nanoTime() - arrivalNanos()} in the
     * handler is how long it waited before being handled (the load shedder's input).
     */
    public long arrivalNanos() {
        return arrivalNanos;
    }

    @Override
    public String toString() {
        return "HttpRequest[" + id + " " + method + " " + target + " " + version + "]";
    }
}
