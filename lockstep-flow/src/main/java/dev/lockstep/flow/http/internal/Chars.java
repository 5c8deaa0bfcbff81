package dev.lockstep.flow.http.internal;

/** Character classes of RFC 9110 and 9112, as table lookups on a byte. */
public final class Chars {
    private Chars() {}

    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_VCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        for (int c = 0x21; c <= 0xff; c++) {
            FIELD_VCHAR[c] = c != 0x7f; // VCHAR and obs-text
        }
    }

    /** A token character (RFC 9110 5.6.2). */
    public static boolean isTchar(byte b) {
        return TCHAR[b & 0xff];
    }

    /** A visible field-value character: VCHAR or obs-text (RFC 9110 5.5). */
    public static boolean isFieldVchar(byte b) {
        return FIELD_VCHAR[b & 0xff];
    }

    /** A visible ASCII character (0x21-0x7E), as allowed in a request target. */
    public static boolean isTargetChar(byte b) {
        return b >= 0x21 && b <= 0x7e;
    }

    /** The value of a hexadecimal digit, or -1. */
    public static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
