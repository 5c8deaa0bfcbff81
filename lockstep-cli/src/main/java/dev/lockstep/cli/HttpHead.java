package dev.lockstep.cli;

/**
 * Finds the end of one HTTP/1.x request head (request line and header fields up to the blank
 * line) in a byte range, checks its syntax, and keeps the two fields the hello server acts on:
 * {@code Content-Length} (the body to skip) and whether the connection closes after the response
 * ({@code Connection: close}, or HTTP/1.0 without {@code Connection: keep-alive}).
 *
 * <p>It works in place on the connection's receive buffer and allocates nothing: header names are
 * compared byte by byte, case-insensitively. Limits (a request beyond them is {@link #MALFORMED},
 * and the server closes the connection): a head of at most {@link #MAX_HEAD} bytes; HTTP/1.0 or
 * HTTP/1.1 only; CRLF line ends only; no obsolete line folding; no {@code Transfer-Encoding}
 * (chunked bodies are not read, so such a request cannot be framed and is refused); one
 * {@code Content-Length} of at most 18 digits (repeated only with the same value); no control
 * characters in a field. Instances hold the last scan's result: one per connection.
 */
final class HttpHead {
    /** {@link #scan} found no complete head yet: receive more and scan again from the same start. */
    static final int INCOMPLETE = -1;

    /** {@link #scan} found a head it refuses (see the class comment); close the connection. */
    static final int MALFORMED = -2;

    /** Longest request head accepted, blank line included. */
    static final int MAX_HEAD = 8192;

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private long contentLength;
    private boolean close;

    /** The body length of the last head scanned (0 without {@code Content-Length}). */
    long contentLength() {
        return contentLength;
    }

    /** Whether the connection closes after answering the last head scanned. */
    boolean close() {
        return close;
    }

    /**
     * Scans one head starting at {@code from}.
     *
     * @return the index just after the head's blank line, {@link #INCOMPLETE} or {@link #MALFORMED}
     */
    int scan(byte[] b, int from, int to) {
        int end = endOfHead(b, from, Math.min(to, from + MAX_HEAD));
        if (end < 0) {
            return to - from >= MAX_HEAD ? MALFORMED : INCOMPLETE;
        }
        contentLength = -1;
        int eol = lineEnd(b, from, end);
        int version = requestLine(b, from, eol);
        if (version < 0) {
            return MALFORMED;
        }
        close = version == 0; // HTTP/1.0 closes unless it asks for keep-alive
        for (int p = eol + 2; p < end - 2; ) {
            int e = lineEnd(b, p, end);
            if (!header(b, p, e)) {
                return MALFORMED;
            }
            p = e + 2;
        }
        if (contentLength < 0) {
            contentLength = 0;
        }
        return end;
    }

    /** Index after the first CRLFCRLF in {@code [from, to)}, or -1. */
    private static int endOfHead(byte[] b, int from, int to) {
        for (int i = from + 3; i < to; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Index of the CR of the first CRLF at or after {@code from} (one exists before {@code end}). */
    private static int lineEnd(byte[] b, int from, int end) {
        int i = from;
        while (!(b[i] == '\r' && b[i + 1] == '\n')) {
            i++;
        }
        return i;
    }

    /** {@code METHOD SP TARGET SP HTTP/1.x}: returns x (0 or 1), or -1 when malformed. */
    private static int requestLine(byte[] b, int from, int eol) {
        int i = from;
        while (i < eol && isToken(b[i])) {
            i++;
        }
        if (i == from || i >= eol || b[i] != ' ') {
            return -1;
        }
        int target = ++i;
        while (i < eol && b[i] > ' ' && b[i] < 0x7f) {
            i++;
        }
        if (i == target || i >= eol || b[i] != ' ') {
            return -1;
        }
        i++;
        if (eol - i != 8
                || b[i] != 'H'
                || b[i + 1] != 'T'
                || b[i + 2] != 'T'
                || b[i + 3] != 'P'
                || b[i + 4] != '/'
                || b[i + 5] != '1'
                || b[i + 6] != '.') {
            return -1;
        }
        return b[i + 7] == '1' ? 1 : b[i + 7] == '0' ? 0 : -1;
    }

    /** One {@code name: value} line in {@code [from, eol)}; false when malformed. */
    private boolean header(byte[] b, int from, int eol) {
        int i = from;
        while (i < eol && isToken(b[i])) {
            i++;
        }
        if (i == from || i >= eol || b[i] != ':') {
            return false; // also rejects obsolete folding (a line starting with SP or HT)
        }
        int nameEnd = i++;
        while (i < eol && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        int valueStart = i;
        int valueEnd = eol;
        while (valueEnd > valueStart && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        for (int k = valueStart; k < valueEnd; k++) {
            int c = b[k] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        if (nameIs(b, from, nameEnd, CONTENT_LENGTH)) {
            return contentLength(b, valueStart, valueEnd);
        }
        if (nameIs(b, from, nameEnd, TRANSFER_ENCODING)) {
            return false; // chunked bodies are not read: the request cannot be framed
        }
        if (nameIs(b, from, nameEnd, CONNECTION)) {
            connection(b, valueStart, valueEnd);
        }
        return true;
    }

    private boolean contentLength(byte[] b, int from, int to) {
        if (to == from || to - from > 18) {
            return false;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
            v = v * 10 + (b[i] - '0');
        }
        if (contentLength >= 0 && contentLength != v) {
            return false; // two different lengths: the framing is ambiguous
        }
        contentLength = v;
        return true;
    }

    /** Comma-separated tokens: {@code close} wins over {@code keep-alive}. */
    private void connection(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == ',')) {
                i++;
            }
            int start = i;
            while (i < to && b[i] != ',' && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
            if (nameIs(b, start, i, CLOSE)) {
                close = true;
                return;
            }
            if (nameIs(b, start, i, KEEP_ALIVE)) {
                close = false;
            }
        }
    }

    /** Whether {@code b[from, to)} equals the lower-case ASCII {@code name}, ignoring case. */
    private static boolean nameIs(byte[] b, int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 tchar. */
    private static boolean isToken(byte c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
