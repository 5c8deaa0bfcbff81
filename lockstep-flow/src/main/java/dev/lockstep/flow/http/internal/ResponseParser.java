package dev.lockstep.flow.http.internal;

import dev.lockstep.flow.http.HttpClientException;
import dev.lockstep.io.ByteSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.1 response from a {@link ByteSource}, incrementally: it receives into its
 * buffer only when the bytes it holds do not finish the part it parses (status line, header
 * line, chunk size, body). Limits: the head (status line and headers, of each 1xx response and
 * the final one) at most {@link #MAX_HEAD} bytes; the body at most {@code maxBody}. Every failure
 * is a {@link HttpClientException} naming the target and what was wrong. Not thread-safe: one per
 * exchange, used by the task that runs it.
 */
public final class ResponseParser {
    public static final int MAX_HEAD = 16 * 1024;

    private final ByteSource in;
    private final String target;
    private final long maxBody;
    private byte[] buf = new byte[8 * 1024];
    private int pos;
    private int end;
    private long received;
    private int headUsed;

    /** The parsed response. {@code keepAlive}: the connection may carry another exchange. */
    public record Parsed(int status, Map<String, String> headers, byte[] body, boolean keepAlive) {}

    public ResponseParser(ByteSource in, String target, long maxBody) {
        this.in = in;
        this.target = target;
        this.maxBody = maxBody;
    }

    /** Bytes received so far (0: the peer sent nothing yet, so a stale pooled connection may be retried). */
    public long received() {
        return received;
    }

    /** True when bytes beyond the response were received (the connection is then not reused). */
    public boolean hasLeftover() {
        return pos < end;
    }

    /** Reads the response to a request of {@code method}; 1xx responses are skipped. */
    public Parsed read(String method) {
        while (true) {
            headUsed = 0;
            String statusLine = headLine();
            int status = parseStatus(statusLine);
            Map<String, String> headers = new LinkedHashMap<>();
            String line;
            while (!(line = headLine()).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw fail("malformed header line '" + line + "'");
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
            if (status / 100 == 1) {
                continue; // 100 Continue, 103 Early Hints: the final response follows
            }
            boolean close = headers.getOrDefault("connection", "")
                    .toLowerCase(Locale.ROOT)
                    .contains("close");
            if (method.equals("HEAD") || status == 204 || status == 304) {
                return new Parsed(status, headers, new byte[0], !close);
            }
            String te = headers.get("transfer-encoding");
            String cl = headers.get("content-length");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                return new Parsed(status, headers, chunked(), !close);
            }
            if (cl != null) {
                long n;
                try {
                    n = Long.parseLong(cl.trim());
                } catch (NumberFormatException e) {
                    throw fail("malformed Content-Length '" + cl + "'");
                }
                if (n < 0) {
                    throw fail("malformed Content-Length '" + cl + "'");
                }
                if (n > maxBody) {
                    throw fail("body of " + n + " bytes exceeds the limit of " + maxBody);
                }
                byte[] body = new byte[(int) n];
                copy(body, 0, (int) n);
                return new Parsed(status, headers, body, !close);
            }
            return new Parsed(status, headers, untilClose(), false);
        }
    }

    private int parseStatus(String line) {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw fail("malformed status line '" + printable(line) + "'");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw fail("malformed status line '" + printable(line) + "'");
            }
            status = status * 10 + (c - '0');
        }
        if (line.length() > 12 && line.charAt(12) != ' ') {
            throw fail("malformed status line '" + printable(line) + "'");
        }
        return status;
    }

    private byte[] chunked() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = bodyLine();
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw fail("malformed chunk size '" + printable(sizeLine) + "'");
            }
            if (size < 0) {
                throw fail("malformed chunk size '" + printable(sizeLine) + "'");
            }
            if (size == 0) {
                while (!bodyLine().isEmpty()) {
                    // trailers: skipped
                }
                return out.toByteArray();
            }
            if (out.size() + size > maxBody) {
                throw fail("chunked body exceeds the limit of " + maxBody + " bytes");
            }
            byte[] chunk = new byte[(int) size];
            copy(chunk, 0, (int) size);
            out.write(chunk, 0, chunk.length);
            if (!bodyLine().isEmpty()) {
                throw fail("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    private byte[] untilClose() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (pos == end && !fill()) {
                return out.toByteArray();
            }
            int n = end - pos;
            if (out.size() + (long) n > maxBody) {
                throw fail("body exceeds the limit of " + maxBody + " bytes");
            }
            out.write(buf, pos, n);
            pos = end;
        }
    }

    private void copy(byte[] dst, int off, int len) {
        while (len > 0) {
            if (pos == end && !fill()) {
                throw fail("the connection closed with " + len + " body bytes missing");
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    private String headLine() {
        return line(true);
    }

    private String bodyLine() {
        return line(false);
    }

    /** A line ending in CRLF (or LF), without it; head lines count against {@link #MAX_HEAD}. */
    private String line(boolean head) {
        int scanned = 0; // bytes after pos already searched; relative, as fill() compacts the buffer
        while (true) {
            for (int i = pos + scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    int stop = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String s = new String(buf, pos, stop - pos, StandardCharsets.ISO_8859_1);
                    if (head) {
                        headUsed += i + 1 - pos;
                        if (headUsed > MAX_HEAD) {
                            throw fail("response head exceeds " + MAX_HEAD + " bytes");
                        }
                    }
                    pos = i + 1;
                    return s;
                }
            }
            scanned = end - pos;
            if (scanned > MAX_HEAD || (head && headUsed + scanned > MAX_HEAD)) {
                throw fail((head ? "response head" : "chunk line") + " exceeds " + MAX_HEAD + " bytes");
            }
            if (!fill()) {
                throw fail(
                        received == 0
                                ? "the connection closed before any response byte"
                                : "the connection closed inside the response " + (head ? "head" : "body"));
            }
        }
    }

    /** Receives more bytes; false at end of stream. Compacts or grows the buffer first. */
    private boolean fill() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        if (end == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n <= 0) {
            return false;
        }
        end += n;
        received += n;
        return true;
    }

    private HttpClientException fail(String what) {
        return new HttpClientException(target + ": " + what);
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
