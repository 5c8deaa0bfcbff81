package dev.lockstep.flow.http;

import dev.lockstep.flow.http.internal.Chars;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Header fields in the order they arrived (or were added): names are matched case-insensitively
 * (ASCII), a name may occur several times, and its values keep their order. A request's headers are
 * read-only; a response's are built with {@link #add} and {@link #set}. Lookups are linear scans:
 * a request has at most {@code maxHeaders} (100 by default) fields, and a scan of a few dozen
 * short names beats hashing each one.
 */
public final class HttpHeaders {
    private final List<String> names;
    private final List<String> values;
    private final boolean readOnly;

    private HttpHeaders(List<String> names, List<String> values, boolean readOnly) {
        this.names = names;
        this.values = values;
        this.readOnly = readOnly;
    }

    /** An empty, mutable set of headers. */
    public static HttpHeaders create() {
        return new HttpHeaders(new ArrayList<>(), new ArrayList<>(), false);
    }

    /** Read-only headers from parallel lists (the parser's). */
    static HttpHeaders readOnly(List<String> names, List<String> values) {
        return new HttpHeaders(names, values, true);
    }

    /** A read-only view of these headers. */
    public HttpHeaders asReadOnly() {
        return readOnly ? this : new HttpHeaders(names, values, true);
    }

    /** Appends a field (after the others of the same name). */
    public HttpHeaders add(String name, String value) {
        checkWritable();
        names.add(checkName(name));
        values.add(checkValue(name, value));
        return this;
    }

    /** Replaces every field named {@code name} by one with {@code value}. */
    public HttpHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every field named {@code name}; returns whether there was one. */
    public boolean remove(String name) {
        checkWritable();
        boolean removed = false;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    /** The first value of {@code name}, if any. */
    public Optional<String> first(String name) {
        return Optional.ofNullable(get(name));
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order (empty if none). */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Whether a field named {@code name} is present. */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Whether the comma-separated list values of {@code name} hold {@code token} (compared
     * case-insensitively, whitespace around elements ignored), as in {@code Connection: close}.
     */
    public boolean containsToken(String name, String token) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                for (String element : values.get(i).split(",", -1)) {
                    if (element.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The number of fields. */
    public int size() {
        return names.size();
    }

    /** The name of field {@code i} as it arrived. */
    public String name(int i) {
        return names.get(i);
    }

    /** The value of field {@code i}. */
    public String value(int i) {
        return values.get(i);
    }

    private void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("these headers are read-only (a request's)");
        }
    }

    /** A field name is a token (RFC 9110 5.1): no separators, no whitespace, no controls. */
    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7f || !Chars.isTchar((byte) c)) {
                throw new IllegalArgumentException(
                        "header name '" + name + "' has a character not allowed in a token at index " + i);
            }
        }
        return name;
    }

    /** A field value has no CR, LF or other control but HT: it cannot split a response. */
    private static String checkValue(String name, String value) {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException(
                        "header '" + name + "' has a control or non-Latin-1 character at index " + i);
            }
        }
        return value;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names.get(i)).append(": ").append(values.get(i));
        }
        return sb.append('}').toString();
    }

    /** Lower-case ASCII, for comparisons. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
