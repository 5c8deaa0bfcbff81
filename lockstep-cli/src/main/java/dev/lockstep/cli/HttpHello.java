package dev.lockstep.cli;

import dev.lockstep.io.IoException;
import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.TcpSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The {@code lockstep io http-hello} connection handler: a keep-alive HTTP/1.1 server that answers
 * every request with the same 200 response, body {@value #BODY} (25 bytes). It is the io suite's
 * server under test (the benchmark starts it as {@code lockstep io http-hello} in its own JVM), so
 * its per-request path allocates nothing: the responses are preformatted byte arrays, and each
 * connection has one receive buffer, one send buffer and one {@link HttpHead}.
 *
 * <p>Per connection: receive what is there; answer every complete request in the buffer
 * (pipelining) into the send buffer, skipping each request's {@code Content-Length} body (which may
 * span receives); send the batch with one {@code sendAll}; keep an incomplete head at the buffer's
 * start and receive again. {@code Connection: close} (or HTTP/1.0 without keep-alive) gets the
 * response with {@code Connection: close}, then the connection closes and later pipelined requests
 * are not answered. A head {@link HttpHead} refuses gets {@code 400 Bad Request} with
 * {@code Connection: close} (after the responses to the requests before it), then the connection
 * closes. A peer that resets or closes ends the connection quietly.
 *
 * <p>The response's bytes are fixed: the io suite's peers (Netty, virtual threads) send the same
 * bytes, which a test checks.
 */
final class HttpHello {
    private HttpHello() {}

    static final String BODY = "This is an HTTP benchmark";

    /** The answer to every keep-alive request. */
    static final byte[] RESPONSE =
            ascii("HTTP/1.1 200 OK\r\n" + "Content-Length: 25\r\n" + "Content-Type: text/plain\r\n" + "\r\n" + BODY);

    /** The answer to a request that closes the connection. */
    static final byte[] RESPONSE_CLOSE = ascii("HTTP/1.1 200 OK\r\n"
            + "Content-Length: 25\r\n"
            + "Content-Type: text/plain\r\n"
            + "Connection: close\r\n"
            + "\r\n"
            + BODY);

    /** The answer to a malformed request, before the connection closes. */
    static final byte[] BAD_REQUEST =
            ascii("HTTP/1.1 400 Bad Request\r\n" + "Content-Length: 0\r\n" + "Connection: close\r\n" + "\r\n");

    /** Receive buffer: twice the longest head, so a full head always fits after compaction. */
    private static final int IN = 2 * HttpHead.MAX_HEAD;

    /** Send buffer: about 100 pipelined responses per send. */
    private static final int OUT = 8192;

    /** One connection's buffers; a runtime keeps those of ended connections for the next ones. */
    private static final class Buffers {
        final byte[] in = new byte[IN];
        final byte[] out = new byte[OUT];
        final HttpHead head = new HttpHead();
    }

    /** The free buffers of one runtime (in its storage: a runtime is one thread, so no locking). */
    private static final class FreeBuffers {
        static final String KEY = "http-hello.buffers";
        final ArrayDeque<Buffers> free = new ArrayDeque<>();

        static FreeBuffers of(IoRuntime rt) {
            FreeBuffers f = rt.get(KEY, FreeBuffers.class);
            if (f == null) {
                f = new FreeBuffers();
                rt.put(KEY, f);
            }
            return f;
        }
    }

    /**
     * Serves one connection until it closes; closes the socket. Its buffers come from the
     * runtime's free list and go back to it, so connections that come and go allocate nothing once
     * the list holds as many as were ever open at once.
     */
    static void serve(TcpSocket s) {
        FreeBuffers pool = FreeBuffers.of(IoRuntime.current());
        Buffers b = pool.free.poll();
        if (b == null) {
            b = new Buffers();
        }
        try {
            serve(s, b);
        } finally {
            pool.free.push(b);
        }
    }

    private static void serve(TcpSocket s, Buffers b) {
        byte[] in = b.in;
        byte[] out = b.out;
        HttpHead head = b.head;
        int start = 0; // first byte not yet consumed
        int end = 0; // end of the received bytes
        long bodyLeft = 0; // bytes of the current request's body still to skip
        try (s) {
            while (true) {
                int n = s.recv(in, end, in.length - end);
                if (n == 0) {
                    return;
                }
                end += n;
                int outLen = 0;
                boolean closing = false;
                while (true) {
                    if (bodyLeft > 0) {
                        int skip = (int) Math.min(bodyLeft, end - start);
                        start += skip;
                        bodyLeft -= skip;
                        if (bodyLeft > 0) {
                            break;
                        }
                    }
                    if (start == end) {
                        break;
                    }
                    int next = head.scan(in, start, end);
                    if (next == HttpHead.INCOMPLETE) {
                        break;
                    }
                    byte[] response =
                            next == HttpHead.MALFORMED ? BAD_REQUEST : head.close() ? RESPONSE_CLOSE : RESPONSE;
                    if (outLen + response.length > out.length) {
                        s.sendAll(out, 0, outLen);
                        outLen = 0;
                    }
                    System.arraycopy(response, 0, out, outLen, response.length);
                    outLen += response.length;
                    if (response != RESPONSE) {
                        closing = true;
                        break;
                    }
                    start = next;
                    bodyLeft = head.contentLength();
                }
                if (outLen > 0) {
                    s.sendAll(out, 0, outLen);
                }
                if (closing) {
                    return;
                }
                if (start == end) {
                    start = end = 0;
                } else if (in.length - end < HttpHead.MAX_HEAD) { // room for the rest of a head
                    System.arraycopy(in, start, in, 0, end - start);
                    end -= start;
                    start = 0;
                }
            }
        } catch (IoException e) {
            // the peer reset or closed the connection: nothing to answer
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
