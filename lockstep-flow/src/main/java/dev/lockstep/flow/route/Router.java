package dev.lockstep.flow.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps (method, path) to a route's value. A pattern is a path of segments, each a literal
 * ({@code posts}), a parameter ({@code :id}) or, last only, a rest parameter ({@code *path}, which
 * takes the remaining segments, possibly none). Matching is by segments, not regular expressions:
 *
 * <ul>
 *   <li>At each segment a literal beats a parameter, which beats a rest parameter, so
 *       {@code /posts/new} wins over {@code /posts/:id} whatever the order they were added in; ties
 *       cannot happen because two patterns with the same shape are rejected when added.
 *   <li>A path whose shape matches but whose method does not gives {@link Match.MethodNotAllowed} with
 *       the allowed methods (for a 405 with {@code Allow}); no shape matching gives {@link
 *       Match.NotFound}. HEAD falls back to GET when no HEAD route exists.
 *   <li>Paths are compared after percent-decoding each segment; an empty segment (a double slash) is
 *       kept and matches only an empty literal. A trailing slash is a segment of its own:
 *       {@code /posts/} does not match {@code /posts}.
 * </ul>
 *
 * <p>Built once, before the server starts ({@link #add} is not thread-safe); {@link #match} is safe
 * from any number of threads afterwards and allocates only the parameter map of a match.
 *
 * @param <T> what a route leads to (a pipeline)
 */
public final class Router<T> {
    private final Node<T> root = new Node<>();

    /** Adds a route; an error names the pattern when it is malformed or duplicates an earlier one. */
    public Router<T> add(String method, String pattern, T value) {
        String m = method.toUpperCase(Locale.ROOT);
        List<String> segs = segments(pattern);
        Node<T> n = root;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < segs.size(); i++) {
            String s = segs.get(i);
            if (s.startsWith("*")) {
                if (i != segs.size() - 1) {
                    throw new IllegalArgumentException(
                            "route " + pattern + ": a rest parameter (" + s + ") must be last");
                }
                n = n.rest(name(pattern, s), names);
            } else if (s.startsWith(":")) {
                n = n.param(name(pattern, s), names);
            } else {
                n = n.literals.computeIfAbsent(s, k -> new Node<>());
            }
        }
        if (n.values.containsKey(m)) {
            throw new IllegalArgumentException("route " + m + " " + pattern + " is defined twice");
        }
        n.values.put(m, value);
        n.names.put(m, List.copyOf(names));
        return this;
    }

    private static String name(String pattern, String seg) {
        String name = seg.substring(1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("route " + pattern + ": parameter without a name");
        }
        return name;
    }

    /** Matches a request's method and path (without the query). */
    public Match<T> match(String method, String path) {
        List<String> segs;
        try {
            segs = segments(path);
        } catch (IllegalArgumentException e) {
            return new Match.NotFound<>();
        }
        List<String> captured = new ArrayList<>();
        Node<T> n = find(root, segs, 0, captured);
        if (n == null) {
            return new Match.NotFound<>();
        }
        String m = method.toUpperCase(Locale.ROOT);
        T v = n.values.get(m);
        List<String> names = n.names.get(m);
        if (v == null && m.equals("HEAD")) {
            v = n.values.get("GET");
            names = n.names.get("GET");
        }
        if (v == null) {
            Set<String> allowed = new LinkedHashSet<>(n.values.keySet());
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            return new Match.MethodNotAllowed<>(Collections.unmodifiableSet(allowed));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), captured.get(i));
        }
        return new Match.Found<>(v, Collections.unmodifiableMap(params));
    }

    /** Depth-first: literal, then parameter, then rest; the first node with any method wins. */
    private Node<T> find(Node<T> n, List<String> segs, int i, List<String> captured) {
        if (i == segs.size()) {
            if (!n.values.isEmpty()) {
                return n;
            }
            if (n.rest != null && !n.rest.values.isEmpty()) {
                captured.add("");
                return n.rest;
            }
            return null;
        }
        Node<T> lit = n.literals.get(segs.get(i));
        if (lit != null) {
            Node<T> r = find(lit, segs, i + 1, captured);
            if (r != null) {
                return r;
            }
        }
        if (n.param != null && !segs.get(i).isEmpty()) {
            captured.add(segs.get(i));
            Node<T> r = find(n.param, segs, i + 1, captured);
            if (r != null) {
                return r;
            }
            captured.remove(captured.size() - 1);
        }
        if (n.rest != null && !n.rest.values.isEmpty()) {
            captured.add(String.join("/", segs.subList(i, segs.size())));
            return n.rest;
        }
        return null;
    }

    /** The percent-decoded segments of a path that starts with '/'. */
    static List<String> segments(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new IllegalArgumentException("a path starts with '/': " + path);
        }
        List<String> out = new ArrayList<>();
        if (path.equals("/")) {
            return out;
        }
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            String seg = slash < 0 ? path.substring(start) : path.substring(start, slash);
            out.add(Query.decode(seg, false));
            if (slash < 0) {
                return out;
            }
            start = slash + 1;
        }
    }

    private static final class Node<T> {
        final Map<String, Node<T>> literals = new LinkedHashMap<>();
        Node<T> param;
        Node<T> rest;
        final Map<String, T> values = new LinkedHashMap<>();
        final Map<String, List<String>> names = new LinkedHashMap<>();

        Node<T> param(String name, List<String> names) {
            if (param == null) {
                param = new Node<>();
            }
            names.add(name); // a route names its own parameters; shapes share the node
            return param;
        }

        Node<T> rest(String name, List<String> names) {
            if (rest == null) {
                rest = new Node<>();
            }
            names.add(name);
            return rest;
        }
    }

    /** The outcome of {@link #match}. */
    public sealed interface Match<T> {
        /** A route: its value and the path parameters by name, in pattern order. */
        record Found<T>(T value, Map<String, String> params) implements Match<T> {}

        /** The path matches routes of other methods only (a 405 with Allow). */
        record MethodNotAllowed<T>(Set<String> allowed) implements Match<T> {}

        /** No route has this path (a 404). */
        record NotFound<T>() implements Match<T> {}
    }
}
