package dev.lockstep.flow.server;

import dev.lockstep.flow.FlowEvent;
import java.util.function.Consumer;

/**
 * The debug-mode trace header of one request ({@code X-Lockstep-Trace}): its events, each as
 * {@code +<µs since REQUEST_START> <TYPE> <step>[/<effect>][#attempt][ <outcome>]}, joined by
 * {@code "; "}. At most {@link #MAX} characters: events that do not fit are counted and the value
 * ends with {@code "; ... N more"}. Characters a header value cannot hold (controls, non-ASCII, and
 * {@code ';'} inside a field) become {@code '?'}.
 *
 * <p>Fed by the runtime on whichever thread runs the request, one event at a time; read by the
 * server after the response future completed, which happens after the last event
 * ({@code REQUEST_END}): the future's completion orders the writes before the read.
 */
final class TraceHeader implements Consumer<FlowEvent> {
    static final String NAME = "X-Lockstep-Trace";
    static final int MAX = 4000;
    private final StringBuilder b = new StringBuilder(256);
    private long origin = Long.MIN_VALUE;
    private int dropped;

    @Override
    public void accept(FlowEvent e) {
        if (origin == Long.MIN_VALUE) {
            origin = e.nanos();
        }
        int mark = b.length();
        if (mark > 0) {
            b.append("; ");
        }
        b.append('+').append((e.nanos() - origin) / 1000).append(' ').append(e.type());
        if (!e.step().isEmpty() || !e.effect().isEmpty()) {
            b.append(' ');
            clean(e.step());
            if (!e.effect().isEmpty()) {
                b.append('/');
                clean(e.effect());
            }
        }
        if (e.attempt() != 0) {
            b.append('#').append(e.attempt());
        }
        if (!e.outcome().isEmpty()) {
            b.append(' ');
            clean(e.outcome());
        }
        if (b.length() > MAX - 24) { // keep room for the "... N more" tail
            b.setLength(mark);
            dropped++;
        }
    }

    private void clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c > 0x7e || c == ';' ? '?' : c);
        }
    }

    /** The header value. */
    String value() {
        return dropped == 0 ? b.toString() : b + "; ... " + dropped + " more";
    }
}
