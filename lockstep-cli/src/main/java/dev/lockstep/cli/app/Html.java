package dev.lockstep.cli.app;

/**
 * HTML escaping for the example application's pages: every value that came from a request or the
 * database goes through {@link #text} (element content) or {@link #attr} (attribute values), so a
 * post titled {@code <script>} is shown, not run.
 */
final class Html {
    private Html() {}

    /** Escapes &amp;, &lt;, &gt;, quotes and apostrophes. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String attr(String s) {
        return text(s);
    }
}
