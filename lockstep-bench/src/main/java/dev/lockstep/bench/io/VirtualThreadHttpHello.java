package dev.lockstep.bench.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Peer of {@code lockstep io http-hello}: the JDK's own answer, one virtual thread per connection
 * on blocking {@code java.net} sockets (the Helidon 4 shape), a plain read loop. It frames requests
 * as Lockstep's server does (a head ends at the blank line; a {@code Content-Length} body is
 * skipped; {@code Connection: close}, or HTTP/1.0 without keep-alive, closes after the response;
 * {@code Transfer-Encoding}, a head over 8 KiB or one without a request line gets 400 and the
 * connection closes), answers each pipelined request in one buffered write per read, and sends
 * the same bytes.
 *
 * <p>{@code java ... VirtualThreadHttpHello [PORT]}.
 */
public final class VirtualThreadHttpHello {
    private VirtualThreadHttpHello() {}

    static final byte[] RESPONSE = ascii(
            "HTTP/1.1 200 OK\r\nContent-Length: 25\r\nContent-Type: text/plain\r\n\r\n" + "This is an HTTP benchmark");
    static final byte[] RESPONSE_CLOSE = ascii("HTTP/1.1 200 OK\r\nContent-Length: 25\r\nContent-Type: text/plain\r\n"
            + "Connection: close\r\n\r\nThis is an HTTP benchmark");
    static final byte[] BAD_REQUEST =
            ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    static final int MAX_HEAD = 8192;

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), NettyServers.BACKLOG);
            System.out.println("vt-http-hello: listening on 127.0.0.1:" + server.getLocalPort()
                    + " (virtual thread per connection)");
            System.out.flush();
            while (true) {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            }
        }
    }

    static void serve(Socket socket) {
        byte[] in = new byte[2 * MAX_HEAD];
        byte[] out = new byte[8192];
        int start = 0;
        int end = 0;
        long bodyLeft = 0;
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream input = socket.getInputStream();
            OutputStream output = socket.getOutputStream();
            while (true) {
                int n = input.read(in, end, in.length - end);
                if (n < 0) {
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
                    int headEnd = endOfHead(in, start, Math.min(end, start + MAX_HEAD));
                    byte[] response;
                    long length = 0;
                    if (headEnd < 0) {
                        if (end - start < MAX_HEAD) {
                            break; // incomplete
                        }
                        response = BAD_REQUEST;
                    } else {
                        length = contentLength(in, start, headEnd);
                        response = length < 0 || !requestLine(in, start)
                                ? BAD_REQUEST
                                : closes(in, start, headEnd) ? RESPONSE_CLOSE : RESPONSE;
                    }
                    if (outLen + response.length > out.length) {
                        output.write(out, 0, outLen);
                        outLen = 0;
                    }
                    System.arraycopy(response, 0, out, outLen, response.length);
                    outLen += response.length;
                    if (response != RESPONSE) {
                        closing = true;
                        break;
                    }
                    start = headEnd;
                    bodyLeft = length;
                }
                if (outLen > 0) {
                    output.write(out, 0, outLen);
                }
                if (closing) {
                    return;
                }
                if (start == end) {
                    start = end = 0;
                } else if (in.length - end < MAX_HEAD) {
                    System.arraycopy(in, start, in, 0, end - start);
                    end -= start;
                    start = 0;
                }
            }
        } catch (IOException e) {
            // the client reset or closed the connection
        }
    }

    private static int endOfHead(byte[] b, int from, int to) {
        for (int i = from + 3; i < to; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** A method token, a space, and HTTP/1.0 or HTTP/1.1 before the first CRLF. */
    private static boolean requestLine(byte[] b, int from) {
        int eol = from;
        while (b[eol] != '\r') {
            eol++;
        }
        return eol - from > 10
                && b[from] > ' '
                && startsWith(b, eol - 8, "HTTP/1.")
                && (b[eol - 1] == '1' || b[eol - 1] == '0');
    }

    /** Content-Length (0 without one), or -1 when the request cannot be framed. */
    private static long contentLength(byte[] b, int from, int end) {
        long length = 0;
        for (int p = lineAfter(b, from); p < end - 2; p = lineAfter(b, p)) {
            if (nameIs(b, p, "transfer-encoding")) {
                return -1;
            }
            if (nameIs(b, p, "content-length")) {
                int i = p + "content-length:".length();
                while (b[i] == ' ' || b[i] == '\t') {
                    i++;
                }
                long v = 0;
                int digits = 0;
                while (b[i] >= '0' && b[i] <= '9' && digits < 18) {
                    v = v * 10 + (b[i++] - '0');
                    digits++;
                }
                while (b[i] == ' ' || b[i] == '\t') {
                    i++;
                }
                if (digits == 0 || b[i] != '\r') {
                    return -1;
                }
                length = v;
            }
        }
        return length;
    }

    /** Connection: close, or HTTP/1.0 without Connection: keep-alive. */
    private static boolean closes(byte[] b, int from, int end) {
        int eol = lineAfter(b, from) - 2;
        boolean http10 = b[eol - 1] == '0';
        boolean close = http10;
        for (int p = eol + 2; p < end - 2; p = lineAfter(b, p)) {
            if (nameIs(b, p, "connection")) {
                String value = new String(b, p + 11, lineAfter(b, p) - 2 - p - 11, StandardCharsets.US_ASCII)
                        .toLowerCase(java.util.Locale.ROOT);
                if (value.contains("close")) {
                    return true;
                }
                if (value.contains("keep-alive")) {
                    close = false;
                }
            }
        }
        return close;
    }

    private static int lineAfter(byte[] b, int p) {
        while (!(b[p] == '\r' && b[p + 1] == '\n')) {
            p++;
        }
        return p + 2;
    }

    private static boolean nameIs(byte[] b, int p, String name) {
        if (p + name.length() >= b.length) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            int c = b[p + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != name.charAt(i)) {
                return false;
            }
        }
        return b[p + name.length()] == ':';
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (at < 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
