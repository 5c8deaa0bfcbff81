package dev.lockstep.flow.http.internal;

import dev.lockstep.flow.http.HttpParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The incremental HTTP/1.1 request parser (RFC 9112): a state machine over bytes, fed whatever
 * arrived ({@link #feed}), in any split. It owns one message at a time; {@link #reset()} readies it
 * for the next request on the connection. No regex, no per-byte allocation: the current line
 * accumulates into one growable array (bounded by the limits) and becomes strings once per token.
 *
 * <p>Events ({@link #event()} after each {@code feed}): {@link #NEED_MORE} (every byte given was
 * consumed), {@link #HEAD} (the request line and header fields are complete and valid: read
 * {@link #method()}, {@link #target()}, ...), {@link #BODY} (body bytes are
 * {@code buf[bodyOffset(), bodyOffset() + bodyLength())} of the caller's buffer: no copy),
 * {@link #END} (the message is complete, trailers included). {@code feed} stops at each event and
 * returns the index of the first byte it did not consume, so the caller keeps the rest (pipelined
 * requests) for the next call.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Every failure is an {@link HttpParseException} with its status; after one, the parser is
 *       {@link #FAILED} and every {@code feed} throws again (the framing of what follows is in
 *       doubt, so the connection must close). Nothing else is ever thrown on any input
 *       ({@code Http1ParserPropertyTest}).
 *   <li>Memory is bounded by the limits: the line buffer never grows past {@code max(maxRequestLine,
 *       maxHeaderBytes)} bytes ({@code theLineBufferNeverExceedsTheLimits}); a body is never buffered
 *       here (its bytes stay in the caller's buffer).
 *   <li>Each call consumes at least one byte or emits an event, so feeding a finite input always
 *       terminates.
 * </ul>
 *
 * <p>Decisions where RFC 9112 leaves a choice, all on the strict side (the request is refused rather
 * than guessed at): a bare LF or bare CR is a 400 (no LF-only lines); exactly one SP between the
 * parts of the request line; empty lines before a request line are skipped (at most
 * {@code maxRequestLine} bytes of them); whitespace between a field name and its colon and
 * obs-fold are 400s; Content-Length with Transfer-Encoding, differing Content-Lengths and
 * Transfer-Encoding in HTTP/1.0 are 400s; a transfer coding other than chunked is a 501; an Expect
 * other than 100-continue is a 417; CONNECT and unknown methods are 501s; HTTP/2+ in the request
 * line is a 505. Trailer fields are parsed and kept, never used for framing.
 */
public final class Http1Parser {
    /** Events. */
    public static final int NEED_MORE = 0, HEAD = 1, BODY = 2, END = 3;

    // states
    private static final int S_START = 0, S_START_LF = 1, S_METHOD = 2, S_TARGET = 3, S_VERSION = 4, S_RL_LF = 5;
    private static final int S_FIELD_START = 6, S_NAME = 7, S_VALUE = 8, S_FIELD_LF = 9, S_END_LF = 10;
    private static final int S_FIXED = 11, S_CHUNK_SIZE = 12, S_CHUNK_EXT = 13, S_CHUNK_SIZE_LF = 14;
    private static final int S_CHUNK_DATA = 15, S_CHUNK_DATA_CR = 16, S_CHUNK_DATA_LF = 17, S_DONE = 18;
    /** The state after a parse error: every feed throws it again. */
    public static final int FAILED = 19;

    /** Longest chunk-size line (size, extensions) accepted. */
    public static final int MAX_CHUNK_LINE = 4096;

    private static final String[] KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"};

    private final int maxRequestLine;
    private final int maxHeaderBytes;
    private final int maxHeaders;
    private final long maxBody;

    private int state = S_START;
    private int event = NEED_MORE;
    private HttpParseException failure;
    private long position; // bytes consumed since the parser was made (for messages)

    private byte[] line = new byte[256];
    private int lineLen;
    private int lineBytes; // bytes of the request line, or of the head's (trailers') field section
    private int firstSp;
    private int colon;
    private boolean trailerSection;

    // the head
    private String method;
    private String target;
    private int minor;
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final List<String> trailerNames = new ArrayList<>();
    private final List<String> trailerValues = new ArrayList<>();
    private long contentLength = -1;
    private boolean chunked;
    private boolean expectContinue;
    private boolean keepAlive;

    // the body
    private long remaining; // of the fixed body or of the current chunk
    private long bodyTotal;
    private int chunkLine;
    private int chunkDigits;
    private int bodyOffset;
    private int bodyLength;

    public Http1Parser(int maxRequestLine, int maxHeaderBytes, int maxHeaders, long maxBody) {
        if (maxRequestLine < 16 || maxHeaderBytes < 16 || maxHeaders < 1 || maxBody < 0) {
            throw new IllegalArgumentException("limits too small: request line " + maxRequestLine + ", header bytes "
                    + maxHeaderBytes + ", headers " + maxHeaders + ", body " + maxBody);
        }
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxHeaders = maxHeaders;
        this.maxBody = maxBody;
    }

    /** Readies the parser for the next request of the connection (after {@link #END}). */
    public void reset() {
        if (state == FAILED) {
            return; // a failed connection never parses again
        }
        state = S_START;
        event = NEED_MORE;
        lineLen = 0;
        lineBytes = 0;
        trailerSection = false;
        method = null;
        target = null;
        names.clear();
        values.clear();
        trailerNames.clear();
        trailerValues.clear();
        contentLength = -1;
        chunked = false;
        expectContinue = false;
        keepAlive = false;
        remaining = 0;
        bodyTotal = 0;
        bodyLength = 0;
    }

    /**
     * Consumes bytes of {@code buf[off, end)} until an event or the end; returns the index of the
     * first byte not consumed. Read {@link #event()} after it.
     *
     * @throws HttpParseException if the bytes are not a valid request (then always, on every call)
     */
    public int feed(byte[] buf, int off, int end) {
        if (state == FAILED) {
            throw failure;
        }
        event = NEED_MORE;
        bodyLength = 0;
        try {
            int p = off;
            while (p < end || state == S_DONE) {
                switch (state) {
                    case S_FIXED -> {
                        int n = (int) Math.min(remaining, end - p);
                        remaining -= n;
                        if (remaining == 0) {
                            state = S_DONE;
                        }
                        return body(buf, p, n);
                    }
                    case S_CHUNK_DATA -> {
                        int n = (int) Math.min(remaining, end - p);
                        remaining -= n;
                        if (remaining == 0) {
                            state = S_CHUNK_DATA_CR;
                        }
                        return body(buf, p, n);
                    }
                    case S_DONE -> {
                        event = END;
                        return p;
                    }
                    default -> {
                        byte b = buf[p++];
                        position++;
                        if (step(b)) {
                            return p;
                        }
                    }
                }
            }
            return p;
        } catch (HttpParseException e) {
            state = FAILED;
            failure = e;
            throw e;
        }
    }

    private int body(byte[] buf, int p, int n) {
        position += n;
        bodyOffset = p;
        bodyLength = n;
        event = BODY;
        return p + n;
    }

    /** One byte of a line-oriented state; returns true when an event is ready. */
    private boolean step(byte b) {
        switch (state) {
            case S_START -> {
                if (b == '\r') {
                    state = S_START_LF;
                } else if (Chars.isTchar(b)) {
                    lineLen = 0;
                    lineBytes = 0;
                    state = S_METHOD;
                    requestLineByte(b);
                } else {
                    throw error(400, "a request line must start with a method token, not byte 0x" + hex(b));
                }
            }
            case S_START_LF -> {
                expectLf(b, "an empty line before the request line");
                if (++lineBytes > maxRequestLine) {
                    throw error(400, "more than " + maxRequestLine + " bytes of empty lines before a request line");
                }
                state = S_START;
            }
            case S_METHOD -> {
                if (b == ' ') {
                    firstSp = lineLen;
                    checkMethod();
                    requestLineByte(b);
                    state = S_TARGET;
                } else if (Chars.isTchar(b)) {
                    requestLineByte(b);
                } else {
                    throw error(400, "byte 0x" + hex(b) + " in the method");
                }
            }
            case S_TARGET -> {
                if (b == ' ') {
                    if (lineLen == firstSp + 1) {
                        throw error(400, "an empty request target (two spaces after the method)");
                    }
                    target = ascii(firstSp + 1, lineLen);
                    checkTarget();
                    requestLineByte(b);
                    state = S_VERSION;
                } else if (Chars.isTargetChar(b)) {
                    if (lineLen >= maxRequestLine) {
                        throw error(
                                414,
                                "the request target is longer than the " + maxRequestLine + "-byte request-line limit");
                    }
                    requestLineByte(b);
                } else {
                    throw error(400, "byte 0x" + hex(b) + " in the request target");
                }
            }
            case S_VERSION -> {
                if (b == '\r') {
                    checkVersion(lineLen - firstSpAfterTarget());
                    state = S_RL_LF;
                } else if (lineLen - firstSpAfterTarget() >= 8) {
                    throw error(400, "the HTTP version is longer than 8 bytes (HTTP/x.y)");
                } else {
                    requestLineByte(b);
                }
            }
            case S_RL_LF -> {
                expectLf(b, "the request line");
                lineBytes = 0;
                state = S_FIELD_START;
            }
            case S_FIELD_START -> {
                countFieldByte();
                if (b == '\r') {
                    state = S_END_LF;
                } else if (b == ' ' || b == '\t') {
                    throw error(400, "obs-fold (a field line starting with whitespace) is not accepted");
                } else if (Chars.isTchar(b)) {
                    if (fieldCount() >= maxHeaders) {
                        throw error(
                                431, "more than " + maxHeaders + (trailerSection ? " trailer" : " header") + " fields");
                    }
                    lineLen = 0;
                    append(b);
                    state = S_NAME;
                } else {
                    throw error(400, "byte 0x" + hex(b) + " at the start of a field name");
                }
            }
            case S_NAME -> {
                countFieldByte();
                if (b == ':') {
                    colon = lineLen;
                    state = S_VALUE;
                } else if (Chars.isTchar(b)) {
                    append(b);
                } else if (b == ' ' || b == '\t') {
                    throw error(400, "whitespace between the field name '" + ascii(0, lineLen) + "' and its colon");
                } else {
                    throw error(400, "byte 0x" + hex(b) + " in a field name");
                }
            }
            case S_VALUE -> {
                countFieldByte();
                if (b == '\r') {
                    state = S_FIELD_LF;
                } else if (b == ' ' || b == '\t') {
                    if (lineLen > colon) { // leading OWS is dropped, inner whitespace kept
                        append(b);
                    }
                } else if (Chars.isFieldVchar(b)) {
                    append(b);
                } else {
                    throw error(400, "byte 0x" + hex(b) + " in the value of field '" + ascii(0, colon) + "'");
                }
            }
            case S_FIELD_LF -> {
                countFieldByte();
                expectLf(b, "a field line");
                int v = lineLen;
                while (v > colon && (line[v - 1] == ' ' || line[v - 1] == '\t')) {
                    v--; // trailing OWS
                }
                String name = ascii(0, colon);
                String value = new String(line, colon, v - colon, StandardCharsets.ISO_8859_1);
                (trailerSection ? trailerNames : names).add(name);
                (trailerSection ? trailerValues : values).add(value);
                state = S_FIELD_START;
            }
            case S_END_LF -> {
                expectLf(b, "the end of the field section");
                if (trailerSection) {
                    state = S_DONE;
                    return false;
                }
                headComplete();
                event = HEAD;
                return true;
            }
            case S_CHUNK_SIZE -> chunkSize(b);
            case S_CHUNK_EXT -> {
                chunkLineByte();
                if (b == '\r') {
                    state = S_CHUNK_SIZE_LF;
                } else if (!Chars.isFieldVchar(b) && b != ' ' && b != '\t') {
                    throw error(400, "byte 0x" + hex(b) + " in a chunk extension");
                }
            }
            case S_CHUNK_SIZE_LF -> {
                expectLf(b, "a chunk-size line");
                if (remaining == 0) {
                    trailerSection = true;
                    lineBytes = 0;
                    state = S_FIELD_START;
                } else {
                    state = S_CHUNK_DATA;
                }
            }
            case S_CHUNK_DATA_CR -> {
                if (b != '\r') {
                    throw error(400, "chunk data longer than its size (byte 0x" + hex(b) + " where CRLF ends it)");
                }
                state = S_CHUNK_DATA_LF;
            }
            case S_CHUNK_DATA_LF -> {
                expectLf(b, "chunk data");
                chunkLine = 0;
                chunkDigits = 0;
                state = S_CHUNK_SIZE;
            }
            default -> throw new IllegalStateException("parser state " + state);
        }
        return false;
    }

    private void chunkSize(byte b) {
        chunkLineByte();
        int h = Chars.hex(b);
        if (h >= 0) {
            if (++chunkDigits > 16) {
                throw error(400, "a chunk size of more than 16 hex digits");
            }
            if ((remaining >>> 59) != 0) { // the shift would overflow: beyond any body limit
                throw error(413, "a chunk size beyond any body limit");
            }
            remaining = (remaining << 4) | h;
            return;
        }
        if (chunkDigits == 0) {
            throw error(400, "a chunk-size line without a hex size (byte 0x" + hex(b) + ")");
        }
        if (b == '\r' || b == ';' || b == ' ' || b == '\t') {
            if (remaining > maxBody - bodyTotal) {
                throw error(413, "the chunked body exceeds the " + maxBody + "-byte body limit");
            }
            bodyTotal += remaining;
            state = b == '\r' ? S_CHUNK_SIZE_LF : S_CHUNK_EXT;
        } else {
            throw error(400, "byte 0x" + hex(b) + " after a chunk size");
        }
    }

    private void chunkLineByte() {
        if (++chunkLine > MAX_CHUNK_LINE) {
            throw error(400, "a chunk-size line longer than " + MAX_CHUNK_LINE + " bytes");
        }
    }

    private int firstSpAfterTarget() {
        return firstSp + 1 + target.length() + 1;
    }

    private int fieldCount() {
        return trailerSection ? trailerNames.size() : names.size();
    }

    private void countFieldByte() {
        if (++lineBytes > maxHeaderBytes) {
            throw error(
                    431,
                    (trailerSection ? "the trailer section" : "the header section") + " exceeds " + maxHeaderBytes
                            + " bytes");
        }
    }

    private void requestLineByte(byte b) {
        if (lineLen >= maxRequestLine) {
            throw error(400, "the request line is longer than " + maxRequestLine + " bytes");
        }
        append(b);
    }

    private void append(byte b) {
        if (lineLen == line.length) {
            int cap = Math.max(maxRequestLine, maxHeaderBytes);
            byte[] bigger = new byte[Math.min(cap, line.length * 2)];
            System.arraycopy(line, 0, bigger, 0, lineLen);
            line = bigger; // lineLen < cap: the callers check the limits before appending
        }
        line[lineLen++] = b;
    }

    private void expectLf(byte b, String where) {
        if (b != '\n') {
            throw error(400, "a CR not followed by LF in " + where);
        }
    }

    private void checkMethod() {
        String m = ascii(0, firstSp);
        for (String known : KNOWN_METHODS) {
            if (known.equals(m)) {
                method = known;
                return;
            }
        }
        throw error(501, "method '" + clip(m) + "' is not implemented");
    }

    private void checkTarget() {
        char c = target.charAt(0);
        if (c == '/') {
            return; // origin-form
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw error(400, "the asterisk target is for OPTIONS only, not " + method);
            }
            return;
        }
        String t = target.length() > 8 ? target.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : "";
        if (t.startsWith("http://") || t.startsWith("https://")) {
            return; // absolute-form
        }
        throw error(400, "request target '" + clip(target) + "' is neither origin-form nor absolute-form");
    }

    private void checkVersion(int len) {
        int v = firstSpAfterTarget();
        if (len != 8
                || line[v] != 'H'
                || line[v + 1] != 'T'
                || line[v + 2] != 'T'
                || line[v + 3] != 'P'
                || line[v + 4] != '/'
                || !digit(line[v + 5])
                || line[v + 6] != '.'
                || !digit(line[v + 7])) {
            throw error(400, "malformed HTTP version '" + ascii(v, lineLen) + "'");
        }
        if (line[v + 5] != '1') {
            throw error(505, "HTTP version " + ascii(v + 5, lineLen) + " is not supported (HTTP/1.x only)");
        }
        minor = line[v + 7] == '0' ? 0 : 1; // 1.x with x > 1 is answered as 1.1 (RFC 9110 6.2)
    }

    /** The framing and semantic checks once the head is complete (RFC 9112 6). */
    private void headComplete() {
        int hosts = 0;
        String te = null;
        String cl = null;
        boolean close = false;
        boolean keep = false;
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            String v = values.get(i);
            if (n.equalsIgnoreCase("host")) {
                hosts++;
            } else if (n.equalsIgnoreCase("content-length")) {
                cl = cl == null ? v : cl + "," + v;
            } else if (n.equalsIgnoreCase("transfer-encoding")) {
                te = te == null ? v : te + "," + v;
            } else if (n.equalsIgnoreCase("connection")) {
                for (String t : v.split(",", -1)) {
                    String token = t.strip();
                    close |= token.equalsIgnoreCase("close");
                    keep |= token.equalsIgnoreCase("keep-alive");
                }
            } else if (n.equalsIgnoreCase("expect")) {
                if (!v.equalsIgnoreCase("100-continue")) {
                    throw error(417, "expectation '" + clip(v) + "' cannot be met (only 100-continue)");
                }
                expectContinue = minor == 1;
            }
        }
        if (hosts > 1 || (hosts == 0 && minor == 1)) {
            throw error(400, hosts == 0 ? "an HTTP/1.1 request without Host" : hosts + " Host fields");
        }
        keepAlive = !close && (minor == 1 || keep);
        if (te != null) {
            if (minor == 0) {
                throw error(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (cl != null) {
                throw error(400, "both Content-Length and Transfer-Encoding (request smuggling)");
            }
            checkTransferCoding(te);
            chunked = true;
            chunkLine = 0;
            chunkDigits = 0;
            state = S_CHUNK_SIZE;
        } else if (cl != null) {
            contentLength = parseContentLength(cl);
            remaining = contentLength;
            state = contentLength == 0 ? S_DONE : S_FIXED;
        } else {
            contentLength = 0;
            state = S_DONE;
        }
        if (!chunked && contentLength == 0) {
            expectContinue = false; // nothing to continue with
        }
    }

    private void checkTransferCoding(String te) {
        String[] codings = te.split(",", -1);
        int last = codings.length - 1;
        while (last >= 0 && codings[last].isBlank()) {
            last--;
        }
        if (last < 0 || !codings[last].strip().equalsIgnoreCase("chunked")) {
            throw error(400, "Transfer-Encoding '" + clip(te) + "' does not end in chunked");
        }
        for (int i = 0; i < last; i++) {
            String c = codings[i].strip();
            if (c.equalsIgnoreCase("chunked")) {
                throw error(400, "chunked applied twice in Transfer-Encoding '" + clip(te) + "'");
            }
            if (!c.isEmpty()) {
                throw error(501, "transfer coding '" + clip(c) + "' is not implemented (only chunked)");
            }
        }
    }

    private long parseContentLength(String cl) {
        long value = -1;
        for (String element : cl.split(",", -1)) {
            String s = element.strip();
            if (s.isEmpty()) {
                throw error(400, "an empty Content-Length in '" + clip(cl) + "'");
            }
            long v = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    throw error(400, "Content-Length '" + clip(s) + "' is not a decimal number");
                }
                if (v > (Long.MAX_VALUE - 9) / 10) {
                    throw error(413, "Content-Length '" + clip(s) + "' is beyond any body limit");
                }
                v = v * 10 + (c - '0');
            }
            if (value >= 0 && v != value) {
                throw error(400, "conflicting Content-Length values '" + clip(cl) + "' (request smuggling)");
            }
            value = v;
        }
        if (value > maxBody) {
            throw error(413, "Content-Length " + value + " exceeds the " + maxBody + "-byte body limit");
        }
        return value;
    }

    private HttpParseException error(int status, String reason) {
        return new HttpParseException(status, reason + " (at byte " + position + " of the connection)");
    }

    private String ascii(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String hex(byte b) {
        return Integer.toHexString(b & 0xff);
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    // ---- results -----------------------------------------------------------------------------

    /** The last event of {@link #feed}. */
    public int event() {
        return event;
    }

    public int bodyOffset() {
        return bodyOffset;
    }

    public int bodyLength() {
        return bodyLength;
    }

    /** The method, one of the known ones (interned). */
    public String method() {
        return method;
    }

    public String target() {
        return target;
    }

    /** The minor version: 0 for HTTP/1.0, 1 for 1.1 (and later 1.x). */
    public int minorVersion() {
        return minor;
    }

    /** Header names, in order (owned by the parser until {@link #reset()}: copy to keep). */
    public List<String> headerNames() {
        return names;
    }

    public List<String> headerValues() {
        return values;
    }

    public List<String> trailerNames() {
        return trailerNames;
    }

    public List<String> trailerValues() {
        return trailerValues;
    }

    /** The Content-Length, or -1 when the body is chunked. */
    public long contentLength() {
        return chunked ? -1 : contentLength;
    }

    public boolean chunked() {
        return chunked;
    }

    /** Whether the client sent {@code Expect: 100-continue} for a body. */
    public boolean expectContinue() {
        return expectContinue;
    }

    /** Whether the connection may stay open after this request (version and Connection field). */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** Whether the current message is complete (its body and trailers consumed). */
    public boolean messageDone() {
        return state == S_DONE;
    }

    /** Bytes consumed since the parser was made. */
    public long position() {
        return position;
    }

    /** Bytes the parser holds (its line buffer): bounded by the limits. */
    public int retainedBytes() {
        return line.length;
    }

    /** The largest {@link #retainedBytes()} can be. */
    public int maxRetainedBytes() {
        return Math.max(256, Math.max(maxRequestLine, maxHeaderBytes));
    }
}
