package dev.lockstep.flow.server;

import java.util.List;
import java.util.Map;

/**
 * What a pipeline sees of its HTTP request, seeded into {@link FlowServer#REQUEST}: method, path,
 * path parameters, query parameters (every value, in order), headers (first value of each, names in
 * lowercase), the body as UTF-8 text, the request id and the client's address.
 *
 * @param remoteAddress the peer as {@code host:port} (an IP literal: no name lookup), or "" when unknown
 */
public record FlowRequest(
        String method,
        String path,
        Map<String, String> params,
        Map<String, List<String>> query,
        Map<String, String> headers,
        String body,
        String requestId,
        String remoteAddress) {
    /** A request without a known client address. */
    public FlowRequest(
            String method,
            String path,
            Map<String, String> params,
            Map<String, List<String>> query,
            Map<String, String> headers,
            String body,
            String requestId) {
        this(method, path, params, query, headers, body, requestId, "");
    }

    /** Path parameter {@code name}, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** The first value of query parameter {@code name}, or null. */
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
