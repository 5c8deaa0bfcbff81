package dev.lockstep.flow.http;

import dev.lockstep.core.coroutine.CoroutineClosedException;
import dev.lockstep.flow.http.internal.Http1Parser;
import dev.lockstep.flow.http.internal.HttpDate;
import dev.lockstep.flow.http.internal.TargetDecoder;
import dev.lockstep.io.IoError;
import dev.lockstep.io.IoException;
import dev.lockstep.io.TaskHandle;
import dev.lockstep.io.TcpSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One connection of an {@link HttpServer}, served by one task of its runtime: reads and parses
 * requests ({@link Http1Parser}), runs the handler in this task, writes each response before the
 * next request is read, so pipelined requests are answered in order. Touched only by that task
 * (and, for {@link #idle} and {@link #handle}, by its runtime's loop thread at shutdown): no
 * locking.
 *
 * <p>Framing rules: any parse error is answered with its status and {@code Connection: close}, and
 * the connection closes (the framing of what follows is in doubt); so does a body that fails while
 * read (too large, malformed, too slow). A body the handler did not read is skipped after the
 * handler (bounded by maxBody), unless the client still waits for {@code 100 Continue}: then the
 * connection closes after the response. Before closing after an error, the connection reads and
 * drops what the client still sends for a moment (at most {@link #LINGER_BYTES} bytes, waiting at
 * most {@link #LINGER_WAIT} per read), so the close does not reset the connection before the client
 * has read the error.
 *
 * <p>Responses for pipelined requests already in the buffer are collected and sent together, with
 * the last one or when the buffer fills; a streaming response or a 100 Continue sends what is
 * collected first.
 */
final class HttpConnection implements HttpRequest.BodySource, ResponseStream.Sink {
    private static final int IN = 8 * 1024;
    private static final int OUT = 8 * 1024;
    static final int LINGER_BYTES = 1024 * 1024;
    static final Duration LINGER_WAIT = Duration.ofMillis(50);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final HttpServer.RuntimeState rs;
    private final TcpSocket socket;
    private final Http1Parser parser;
    TaskHandle handle;
    boolean idle;

    private final byte[] in = new byte[IN];
    private int start;
    private int end;
    private final byte[] out = new byte[OUT];
    private int outLen;
    private boolean inRequest;

    // the current request
    private boolean expectContinue;
    private boolean continueSent;
    private byte[] body;
    private boolean bodySkipped;
    private HttpHeaders trailers;
    private HttpParseException bodyError;
    private IoException broken;
    private boolean chunkedStream;
    private long recvNanos; // when the bytes now in [start, end) were received
    private long arrivalNanos; // when the current request's first bytes were received
    private java.net.SocketAddress peer;

    HttpConnection(HttpServer server, HttpServer.RuntimeState rs, TcpSocket socket) {
        this.server = server;
        this.rs = rs;
        this.socket = socket;
        HttpServer.Builder c = server.config;
        this.parser = new Http1Parser(c.maxRequestLine, c.maxHeaderBytes, c.maxHeaders, c.maxBody);
    }

    /** Serves requests until the connection closes; closes the socket. */
    void serve() {
        try {
            loop();
        } catch (IoException e) {
            // the peer reset or closed, an idle timeout, or shutdown's cancel: nothing to answer
        } finally {
            rs.connections.remove(this);
            if (inRequest) {
                server.inFlight.decrementAndGet();
            }
            server.open.decrementAndGet();
            socket.close();
        }
    }

    private void loop() {
        HttpServer.Builder c = server.config;
        while (true) {
            parser.reset();
            expectContinue = continueSent = false;
            body = null;
            bodySkipped = false;
            trailers = null;
            bodyError = null;
            if (start == end) {
                flushOut();
                if (server.shuttingDown) {
                    return;
                }
                idle = true; // shutdown cancels this wait
                int n;
                try {
                    n = socket.recv(in, 0, in.length, c.idleTimeout);
                } finally {
                    idle = false;
                }
                if (n == 0) {
                    return;
                }
                recvNanos = System.nanoTime();
                start = 0;
                end = n;
            }
            arrivalNanos = recvNanos; // the head starts in the bytes of the last receive
            inRequest = true;
            server.inFlight.incrementAndGet();
            long headDeadline = System.nanoTime() + c.readTimeout.toNanos();
            try {
                if (!readHead(headDeadline)) {
                    return; // the client closed in the middle of a head
                }
            } catch (HttpParseException e) {
                fail(e);
                return;
            }
            boolean keep = exchange();
            inRequest = false;
            server.inFlight.decrementAndGet();
            if (!keep) {
                flushOut();
                return;
            }
        }
    }

    /** Reads until the parser has a head; false if the client closed first. */
    private boolean readHead(long deadline) {
        while (true) {
            start = parser.feed(in, start, end);
            if (parser.event() == Http1Parser.HEAD) {
                return true;
            }
            start = end = 0; // NEED_MORE consumed every byte
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timeout("the request head");
            }
            int n;
            try {
                n = socket.recv(in, 0, in.length, Duration.ofNanos(left));
            } catch (IoException e) {
                if (e.error() == IoError.TIMED_OUT) {
                    throw timeout("the request head");
                }
                throw e;
            }
            if (n == 0) {
                return false;
            }
            recvNanos = System.nanoTime();
            end = n;
        }
    }

    private HttpParseException timeout(String what) {
        return new HttpParseException(
                408,
                what + " did not arrive within the read timeout of " + server.config.readTimeout.toMillis()
                        + " ms (at byte " + parser.position() + " of the connection)");
    }

    /** Runs the handler on the parsed head and writes its response; returns whether to keep the connection. */
    private boolean exchange() {
        String method = parser.method();
        String target = parser.target();
        HttpRequest req;
        try {
            String rawQuery = TargetDecoder.rawQuery(target);
            Map<String, List<String>> query = TargetDecoder.queryParams(rawQuery);
            String path = target.equals("*") ? "*" : TargetDecoder.decode(TargetDecoder.rawPath(target), false);
            HttpHeaders headers =
                    HttpHeaders.readOnly(new ArrayList<>(parser.headerNames()), new ArrayList<>(parser.headerValues()));
            long id = rs.nextSeq++ * server.config.threads + rs.index;
            String version = parser.minorVersion() == 0 ? "HTTP/1.0" : "HTTP/1.1";
            req = new HttpRequest(
                    id,
                    method,
                    target,
                    path,
                    rawQuery,
                    query,
                    headers,
                    version,
                    parser.contentLength(),
                    this,
                    arrivalNanos);
        } catch (HttpParseException e) {
            fail(e);
            return false;
        }
        expectContinue = parser.expectContinue();
        HttpResponse resp;
        try {
            resp = server.handler.handle(req);
            if (resp == null) {
                throw new NullPointerException("the handler returned null for " + req);
            }
        } catch (CoroutineClosedException e) {
            throw e; // the runtime is stopping: unwind, answer nothing
        } catch (RuntimeException e) {
            if (broken != null) {
                throw broken;
            }
            if (bodyError == null) {
                HttpServer.LOG.log(System.Logger.Level.WARNING, "the handler failed on " + req, e);
            }
            resp = HttpResponse.text(500, "500 Internal Server Error\n");
        }
        if (broken != null) {
            throw broken;
        }
        if (bodyError != null) {
            fail(bodyError);
            return false;
        }
        boolean keep =
                parser.keepAlive() && !server.shuttingDown && !resp.headers().containsToken("Connection", "close");
        if (!parser.messageDone()) {
            if (expectContinue && !continueSent) {
                keep = false; // the client waits for 100 Continue: do not read its body, close
            } else {
                try {
                    bodySkipped = true;
                    consumeBody(false);
                } catch (HttpParseException e) {
                    fail(e);
                    return false;
                }
            }
        }
        return write(req, resp, keep);
    }

    // ---- the body ----------------------------------------------------------------------------

    @Override
    public java.net.SocketAddress remoteAddress() {
        if (peer == null) {
            peer = socket.remoteAddress();
        }
        return peer;
    }

    @Override
    public byte[] readBody() {
        if (body == null) {
            if (bodySkipped) {
                throw new IllegalStateException(
                        "the body was skipped when the handler returned without reading it; read it in the handler");
            }
            if (bodyError != null) {
                throw bodyError;
            }
            if (broken != null) {
                throw broken;
            }
            if (expectContinue && !continueSent && !parser.messageDone()) {
                continueSent = true;
                writeBytes(CONTINUE, 0, CONTINUE.length);
                flushOut();
            }
            body = consumeBody(true);
        }
        return body;
    }

    @Override
    public HttpHeaders trailers() {
        readBody();
        return trailers;
    }

    /** Reads the rest of the body (kept when {@code keep}); records any failure for the response. */
    private byte[] consumeBody(boolean keep) {
        long cl = parser.contentLength();
        byte[] acc = keep ? new byte[(int) (cl >= 0 ? cl : Math.min(8192, server.config.maxBody))] : null;
        int len = 0;
        try {
            while (true) {
                start = parser.feed(in, start, end);
                int ev = parser.event();
                if (ev == Http1Parser.BODY) {
                    int n = parser.bodyLength();
                    if (keep) {
                        if (len + n > acc.length) { // chunked: the parser bounds the total by maxBody
                            acc = java.util.Arrays.copyOf(acc, Math.max(len + n, acc.length * 2));
                        }
                        System.arraycopy(in, parser.bodyOffset(), acc, len, n);
                    }
                    len += n;
                } else if (ev == Http1Parser.END) {
                    trailers = HttpHeaders.readOnly(
                            new ArrayList<>(parser.trailerNames()), new ArrayList<>(parser.trailerValues()));
                    return keep ? (acc.length == len ? acc : java.util.Arrays.copyOf(acc, len)) : null;
                } else {
                    start = end = 0;
                    int n;
                    try {
                        n = socket.recv(in, 0, in.length, server.config.readTimeout);
                    } catch (IoException e) {
                        if (e.error() == IoError.TIMED_OUT) {
                            throw timeout("the body");
                        }
                        broken = e;
                        throw e;
                    }
                    if (n == 0) {
                        throw new HttpParseException(
                                400,
                                "the client closed the connection in the middle of the body (after " + len + " bytes)");
                    }
                    end = n;
                }
            }
        } catch (HttpParseException e) {
            bodyError = e;
            throw e;
        }
    }

    // ---- responses ---------------------------------------------------------------------------

    /** Writes the response; returns whether the connection stays open. */
    private boolean write(HttpRequest req, HttpResponse resp, boolean keep) {
        int status = resp.status();
        boolean head = req.method().equals("HEAD");
        boolean http10 = req.version().equals("HTTP/1.0");
        boolean bodiless = HttpResponse.bodiless(status);
        boolean stream = resp.streaming() && !bodiless;
        if (stream && http10) {
            keep = false; // no chunked coding in 1.0: the end of the body is the close
        }
        statusLine(status);
        HttpHeaders h = resp.headers();
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            if (!ownedByServer(name)) {
                field(name, h.value(i));
            }
        }
        fieldBytes("Date", HttpDate.now());
        if (!keep) {
            field("Connection", "close");
        } else if (http10) {
            field("Connection", "keep-alive");
        }
        if (stream) {
            chunkedStream = !http10;
            if (chunkedStream) {
                field("Transfer-Encoding", "chunked");
            }
            writeBytes(CRLF, 0, 2);
            if (head) {
                return keep;
            }
            flushOut();
            ResponseStream rs = new ResponseStream(this);
            try {
                resp.streamBody().writeTo(rs);
            } catch (IoException | CoroutineClosedException e) {
                throw e; // the client went away, or the runtime is stopping
            } catch (RuntimeException e) {
                HttpServer.LOG.log(System.Logger.Level.WARNING, "the stream of the response to " + req + " failed", e);
                flushOut();
                return false; // without the last chunk: the client sees the body cut short
            }
            rs.end();
            return keep;
        }
        byte[] b = resp.body() == null ? new byte[0] : resp.body();
        if (!bodiless) {
            field("Content-Length", Integer.toString(b.length));
        }
        writeBytes(CRLF, 0, 2);
        if (!head && !bodiless) {
            writeBytes(b, 0, b.length);
        }
        if (!keep || start == end) {
            flushOut(); // else pipelined requests wait in the buffer: answer them together
        }
        return keep;
    }

    private static boolean ownedByServer(String name) {
        return name.equalsIgnoreCase("Content-Length")
                || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Date")
                || name.equalsIgnoreCase("Connection");
    }

    /** Answers a failed request with its status and closes (after a short linger). */
    private void fail(HttpParseException e) {
        try {
            byte[] b = (e.status() + " " + Status.reason(e.status()) + ": " + e.reason() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            statusLine(e.status());
            field("Content-Type", "text/plain; charset=utf-8");
            fieldBytes("Date", HttpDate.now());
            field("Connection", "close");
            field("Content-Length", Integer.toString(b.length));
            writeBytes(CRLF, 0, 2);
            if (!"HEAD".equals(parser.method())) { // the method of the failed request, if it got that far
                writeBytes(b, 0, b.length);
            }
            flushOut();
            linger();
        } catch (IoException ignored) {
            // the client is gone
        }
    }

    private void linger() {
        long dropped = 0;
        while (dropped < LINGER_BYTES) {
            int n;
            try {
                n = socket.recv(in, 0, in.length, LINGER_WAIT);
            } catch (IoException e) {
                return;
            }
            if (n == 0) {
                return;
            }
            dropped += n;
        }
    }

    private void statusLine(int status) {
        ascii("HTTP/1.1 ");
        ascii(Integer.toString(status));
        ascii(" ");
        ascii(Status.reason(status));
        writeBytes(CRLF, 0, 2);
    }

    private void field(String name, String value) {
        ascii(name);
        ascii(": ");
        ascii(value);
        writeBytes(CRLF, 0, 2);
    }

    private void fieldBytes(String name, byte[] value) {
        ascii(name);
        ascii(": ");
        writeBytes(value, 0, value.length);
        writeBytes(CRLF, 0, 2);
    }

    /** Writes a Latin-1 string (header values are checked to be Latin-1 without controls). */
    private void ascii(String s) {
        int n = s.length();
        if (n > out.length - outLen) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            writeBytes(b, 0, b.length);
            return;
        }
        for (int i = 0; i < n; i++) {
            out[outLen++] = (byte) s.charAt(i);
        }
    }

    private void writeBytes(byte[] b, int off, int len) {
        if (len > out.length - outLen) {
            flushOut();
            if (len >= out.length / 2) {
                socket.sendAll(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, out, outLen, len);
        outLen += len;
    }

    private void flushOut() {
        if (outLen > 0) {
            int n = outLen;
            outLen = 0;
            socket.sendAll(out, 0, n);
        }
    }

    // ---- ResponseStream.Sink -----------------------------------------------------------------

    @Override
    public void chunk(byte[] b, int off, int len) {
        if (chunkedStream) {
            ascii(Integer.toHexString(len));
            writeBytes(CRLF, 0, 2);
            writeBytes(b, off, len);
            writeBytes(CRLF, 0, 2);
        } else {
            writeBytes(b, off, len);
        }
    }

    @Override
    public void flush() {
        flushOut();
    }

    @Override
    public void end() {
        if (chunkedStream) {
            writeBytes(LAST_CHUNK, 0, LAST_CHUNK.length);
        }
        flushOut();
    }
}
