package dev.lockstep.flow.trace;

import dev.lockstep.core.random.SplitRandom;

/**
 * Correlation ids for a request: the incoming {@code X-Request-ID} when it is a sane token (1 to
 * 128 visible ASCII characters, no spaces or quotes), else a new id; the incoming {@code
 * traceparent} when valid, else a new trace. New ids come from a seeded stream, so a replayed
 * request gets the same ids. Not thread-safe: one per I/O runtime (each has its own seed).
 */
public final class RequestIds {
    private final SplitRandom random;

    public RequestIds(long seed) {
        this.random = new SplitRandom(seed);
    }

    /** The request id to use: the client's when acceptable, else a new 16-hex-digit id. */
    public String requestId(String incoming) {
        if (incoming != null && acceptable(incoming)) {
            return incoming;
        }
        String s = Long.toHexString(random.nextLong());
        return "0".repeat(16 - s.length()) + s;
    }

    /** The server span's traceparent: a child of the client's, or the root of a new trace. */
    public TraceParent trace(String incomingTraceparent) {
        TraceParent parent = TraceParent.parse(incomingTraceparent);
        long span = random.nextLong();
        return parent != null ? parent.child(span) : TraceParent.start(random.nextLong(), random.nextLong(), span);
    }

    /**
     * The server span's {@code traceparent} header value, as {@code trace(incoming).header()} gives
     * it (the same ids from the same stream), built directly when a new trace starts: the hot path
     * of a request without a valid incoming header builds one 55-byte string and nothing else
     * ({@code traceHeaderEqualsTheRecordsHeader}).
     */
    public String traceHeader(String incomingTraceparent) {
        TraceParent parent = TraceParent.parse(incomingTraceparent);
        long span = random.nextLong();
        if (parent != null) {
            return parent.child(span).header();
        }
        long hi = random.nextLong();
        long lo = random.nextLong();
        if (hi == 0 && lo == 0) {
            return TraceParent.start(hi, lo, span).header(); // the all-zero trace id's repair, in one place
        }
        byte[] b = new byte[55];
        b[0] = '0';
        b[1] = '0';
        b[2] = '-';
        hex16(b, 3, hi == 0 ? 1 : hi); // as TraceParent.start: a zero half is written as 1 (id16)
        hex16(b, 19, lo == 0 ? 1 : lo);
        b[35] = '-';
        hex16(b, 36, span == 0 ? 1 : span);
        b[52] = '-';
        b[53] = '0';
        b[54] = '1';
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private static void hex16(byte[] b, int at, long v) {
        for (int i = 15; i >= 0; i--) {
            b[at + i] = HEX[(int) (v & 15)];
            v >>>= 4;
        }
    }

    static boolean acceptable(String id) {
        if (id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
