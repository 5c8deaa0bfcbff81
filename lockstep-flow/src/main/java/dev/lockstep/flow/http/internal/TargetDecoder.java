package dev.lockstep.flow.http.internal;

import dev.lockstep.flow.http.HttpParseException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a request target into path and query and percent-decodes them (UTF-8; {@code +} is a
 * space in the query only). A malformed escape or invalid UTF-8 is a 400 naming the offset.
 */
public final class TargetDecoder {
    private TargetDecoder() {}

    /** The target's raw path: after scheme and authority in the absolute-form, before {@code ?}. */
    public static String rawPath(String target) {
        int start = 0;
        if (target.charAt(0) != '/' && !target.equals("*")) { // absolute-form
            int scheme = target.indexOf("://");
            int slash = target.indexOf('/', scheme + 3);
            int q = target.indexOf('?', scheme + 3);
            if (slash < 0 || (q >= 0 && q < slash)) {
                return "/";
            }
            start = slash;
        }
        int q = target.indexOf('?', start);
        return target.substring(start, q < 0 ? target.length() : q);
    }

    /** The raw query (without {@code ?}), or null. */
    public static String rawQuery(String target) {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /** Decodes a query into parameters in order of first appearance (lists unmodifiable). */
    public static Map<String, List<String>> queryParams(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            out.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(out);
    }

    /** Percent-decodes {@code s} as UTF-8 ({@code +} as space when {@code plus}). */
    public static String decode(String s, boolean plus) {
        if (s.indexOf('%') < 0 && (!plus || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? Chars.hex((byte) s.charAt(i + 1)) : -1;
                int lo = i + 2 < s.length() ? Chars.hex((byte) s.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    throw new HttpParseException(400, "a malformed percent-escape at offset " + i + " of '" + s + "'");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(plus && c == '+' ? ' ' : c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpParseException(400, "percent-escapes in '" + s + "' are not valid UTF-8");
        }
    }
}
