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
