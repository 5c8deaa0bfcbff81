package dev.lockstep.flow.http.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} field value (IMF-fixdate, RFC 9110 5.6.7), formatted once per second and shared
 * by every thread. Race: two threads may both see a new second and both format it; each publishes
 * a complete immutable {@link Entry} through one volatile write, so a reader sees an old or a new
 * entry, never a torn one.
 */
public final class HttpDate {
    private HttpDate() {}

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private record Entry(long second, byte[] value) {}

    private static volatile Entry current = new Entry(Long.MIN_VALUE, new byte[0]);

    /** The current date as US-ASCII bytes (shared: do not modify). */
    public static byte[] now() {
        long second = System.currentTimeMillis() / 1000;
        Entry e = current; // volatile read
        if (e.second != second) {
            e = new Entry(second, format(second).getBytes(StandardCharsets.US_ASCII));
            current = e; // volatile write
        }
        return e.value;
    }

    static String format(long epochSecond) {
        return FORMAT.format(Instant.ofEpochSecond(epochSecond));
    }
}
