package dev.lockstep.flow.route;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query strings: {@code a=1&b=x%20y&a=2} parsed into names with their values in order (a name may
 * repeat; {@code ?flag} has the value ""). Percent-escapes are UTF-8; {@code +} is a space in query
 * components (not in paths). A malformed escape ({@code %zz}, a truncated {@code %4}) is an {@link
 * IllegalArgumentException} naming the component, which the server turns into a 400.
 */
public final class Query {
    private final Map<String, List<String>> values;

    private Query(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Query parse(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String part : query.split("&", -1)) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = decode(eq < 0 ? part : part.substring(0, eq), true);
                String value = eq < 0 ? "" : decode(part.substring(eq + 1), true);
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return new Query(Collections.unmodifiableMap(out));
    }

    /** The first value of {@code name}, or null. */
    public String first(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    /** Every value of {@code name}, in order (empty if absent). */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public Map<String, List<String>> asMap() {
        return values;
    }

    /** Percent-decodes {@code s} as UTF-8; in a query component {@code +} is a space. */
    public static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated percent-escape at " + i + " in '" + s + "'");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(
                            "bad percent-escape '" + s.substring(i, i + 3) + "' at " + i + " in '" + s + "'");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
