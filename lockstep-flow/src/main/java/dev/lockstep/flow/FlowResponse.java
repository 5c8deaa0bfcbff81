package dev.lockstep.flow;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a pipeline answers: status, headers (in insertion order) and body bytes. The HTTP layer maps
 * it onto its own response type.
 */
public record FlowResponse(int status, Map<String, String> headers, byte[] body) {
    public FlowResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("response status " + status + " is not an HTTP status (100..599)");
        }
        headers = headers == null || headers.isEmpty()
                ? Map.of()
                : headers.getClass() == ONE_ENTRY // immutable with one entry: its order is its only order
                        ? headers
                        : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body;
    }

    /** The JDK's class of a one-entry {@code Map.of}: taken as it is, no copy (the hot path of text and json). */
    private static final Class<?> ONE_ENTRY = Map.of("", "").getClass();

    /** A response with a UTF-8 text body. */
    public static FlowResponse text(int status, String body) {
        return new FlowResponse(
                status, Map.of("content-type", "text/plain; charset=utf-8"), body.getBytes(StandardCharsets.UTF_8));
    }

    /** A response with a JSON body (already serialised). */
    public static FlowResponse json(int status, String json) {
        return new FlowResponse(
                status, Map.of("content-type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowResponse r
                && r.status == status
                && r.headers.equals(headers)
                && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "FlowResponse[" + status + " " + headers + " " + bodyText() + "]";
    }
}
