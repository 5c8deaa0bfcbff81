package dev.lockstep.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Result names with JMH parameters in them. A name given to {@link Ours} or {@link Peer} may name
 * a {@code @Param} field in braces, {@code ppdp-b1-n{n}}: each parameter combination then yields
 * its own result, {@code ppdp-b1-n5000}, {@code ppdp-b1-n10000}..., and a parameter used in the
 * name is no longer appended as {@code [n=5000]}. Parameters the name does not use still are.
 */
final class ResultNames {
    private ResultNames() {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_$][A-Za-z0-9_$]*)}");

    /** A result name with its placeholders filled, and the parameters it did not use. */
    record Expanded(String name, SortedMap<String, String> params) {}

    /** The parameter names a template uses, in order of first use. */
    static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Fills the template's placeholders from {@code params}; a placeholder without a value stays
     * as written (the plan rejects such a name before a run, see {@link Suites#plan}).
     */
    static Expanded expand(String template, Map<String, String> params) {
        SortedMap<String, String> rest = new TreeMap<>(params);
        StringBuilder name = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String value = params.get(m.group(1));
            m.appendReplacement(name, Matcher.quoteReplacement(value != null ? value : m.group()));
            rest.remove(m.group(1));
        }
        m.appendTail(name);
        return new Expanded(name.toString(), rest);
    }

    /**
     * Every name a template yields over the parameter values a benchmark declares (for
     * {@code --filter}): the template itself when it has no placeholder.
     */
    static List<String> all(String template, Map<String, String[]> declared) {
        List<SortedMap<String, String>> combos = new ArrayList<>();
        combos.add(new TreeMap<>());
        for (String p : placeholders(template)) {
            String[] values = declared.getOrDefault(p, new String[0]);
            List<SortedMap<String, String>> next = new ArrayList<>();
            for (SortedMap<String, String> c : combos) {
                for (String v : values) {
                    SortedMap<String, String> d = new TreeMap<>(c);
                    d.put(p, v);
                    next.add(d);
                }
            }
            combos = next;
        }
        List<String> names = new ArrayList<>();
        for (SortedMap<String, String> c : combos) {
            names.add(expand(template, c).name());
        }
        return names;
    }

    /**
     * Parses {@code "n=5000,depth=3"} (blanks around names and values ignored; empty text is no
     * parameter).
     *
     * @throws IllegalArgumentException naming the part that is not {@code name=value}
     */
    static SortedMap<String, String> parseParams(String text) {
        SortedMap<String, String> params = new TreeMap<>();
        if (text.isBlank()) {
            return params;
        }
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq).strip();
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (key.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException(
                        "params \"" + text + "\": '" + part.strip() + "' is not of the form name=value");
            }
            if (params.put(key, value) != null) {
                throw new IllegalArgumentException("params \"" + text + "\" gives '" + key + "' twice");
            }
        }
        return params;
    }
}
