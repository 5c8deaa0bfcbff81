package dev.lockstep.flow.trace;

/**
 * A W3C Trace Context {@code traceparent} value: version 00, a 16-byte trace id, an 8-byte parent
 * (span) id and flags, as lowercase hex ({@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}).
 *
 * <p>Parsing follows the recommendation's rules: exactly four fields of 2, 32, 16 and 2 hex digits,
 * lowercase, version {@code ff} invalid, an all-zero trace or parent id invalid; a future version
 * (not 00) may carry more fields after a dash, which are ignored. An invalid header is not an
 * error of the request: {@link #parse} returns null and the server starts a new trace, as the
 * recommendation asks.
 *
 * @param traceId 32 lowercase hex digits
 * @param parentId 16 lowercase hex digits
 * @param flags the trace flags (bit 0: sampled)
 */
public record TraceParent(String traceId, String parentId, int flags) {
    public TraceParent {
        if (!hex(traceId, 32) || allZero(traceId)) {
            throw new IllegalArgumentException("trace id must be 32 lowercase hex digits, not all zero: " + traceId);
        }
        if (!hex(parentId, 16) || allZero(parentId)) {
            throw new IllegalArgumentException("parent id must be 16 lowercase hex digits, not all zero: " + parentId);
        }
        if (flags < 0 || flags > 255) {
            throw new IllegalArgumentException("flags are one byte: " + flags);
        }
    }

    /** The header's value, or null when it is absent or invalid (then a new trace starts). */
    public static TraceParent parse(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() < 55 || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
            return null;
        }
        String version = h.substring(0, 2);
        if (!hex(version, 2) || version.equals("ff")) {
            return null;
        }
        if (version.equals("00") ? h.length() != 55 : h.length() > 55 && h.charAt(55) != '-') {
            return null;
        }
        String trace = h.substring(3, 35);
        String parent = h.substring(36, 52);
        String flags = h.substring(53, 55);
        if (!hex(trace, 32) || allZero(trace) || !hex(parent, 16) || allZero(parent) || !hex(flags, 2)) {
            return null;
        }
        return new TraceParent(trace, parent, Integer.parseInt(flags, 16));
    }

    /** A child of this trace: same trace id and flags, a new parent (span) id. */
    public TraceParent child(long spanId) {
        return new TraceParent(traceId, id16(spanId), flags);
    }

    /** A new trace from two random longs (the trace id) and a span id; sampled. */
    public static TraceParent start(long hi, long lo, long spanId) {
        String trace = id16(hi) + id16(lo);
        return new TraceParent(allZero(trace) ? "0000000000000000" + id16(1) : trace, id16(spanId), 1);
    }

    public boolean sampled() {
        return (flags & 1) != 0;
    }

    /** The header value. */
    public String header() {
        return "00-" + traceId + "-" + parentId + "-" + HEX.charAt(flags >> 4) + HEX.charAt(flags & 15);
    }

    private static final String HEX = "0123456789abcdef";

    private static String id16(long v) {
        String s = Long.toHexString(v == 0 ? 1 : v);
        return "0".repeat(16 - s.length()) + s;
    }

    private static boolean hex(String s, int len) {
        if (s == null || s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
