package dev.lockstep.flow.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A blocking test client on a plain {@link Socket} that writes raw bytes and parses responses
 * itself (Content-Length, chunked, none for HEAD), so tests see exactly what the server sent. Every
 * read has a 10 s timeout: a server that hangs fails the test instead of hanging it.
 */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawClient send(String s) {
        return send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] b) {
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Half-closes: the server sees the end of the stream after what was sent. */
    RawClient shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    record Response(int status, String statusLine, List<String[]> headers, byte[] body, List<String[]> trailers) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Response read() {
        return read(false);
    }

    /** Reads one response (for a HEAD request: no body whatever the head says). */
    Response read(boolean head) {
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new AssertionError("the server closed the connection before a response");
            }
            String[] parts = statusLine.split(" ", 3);
            int status = Integer.parseInt(parts[1]);
            List<String[]> headers = fields();
            Response r0 = new Response(status, statusLine, headers, new byte[0], List.of());
            if (head || status < 200 || status == 204 || status == 304) {
                return r0;
            }
            String te = r0.header("Transfer-Encoding");
            String cl = r0.header("Content-Length");
            if (te != null && te.equalsIgnoreCase("chunked")) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while (true) {
                    int size = Integer.parseInt(line().split(";")[0].strip(), 16);
                    if (size == 0) {
                        return new Response(status, statusLine, headers, body.toByteArray(), fields());
                    }
                    body.write(in.readNBytes(size));
                    line();
                }
            }
            if (cl != null) {
                return new Response(status, statusLine, headers, in.readNBytes(Integer.parseInt(cl)), List.of());
            }
            return new Response(status, statusLine, headers, in.readAllBytes(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one chunk of a chunked body whose head was read with {@link #readHead()}; null at the last. */
    byte[] readChunk() {
        try {
            int size = Integer.parseInt(line().split(";")[0].strip(), 16);
            if (size == 0) {
                fields();
                return null;
            }
            byte[] b = in.readNBytes(size);
            line();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a response's status line and fields only. */
    Response readHead() {
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new AssertionError("the server closed the connection before a response");
            }
            return new Response(Integer.parseInt(statusLine.split(" ", 3)[1]), statusLine, fields(), null, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server has closed the connection (end of stream or reset) with nothing more to read. */
    boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String[]> fields() throws IOException {
        List<String[]> out = new ArrayList<>();
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            out.add(new String[] {l.substring(0, colon), l.substring(colon + 1).strip()});
        }
        return out;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
