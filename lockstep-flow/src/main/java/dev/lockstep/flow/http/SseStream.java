package dev.lockstep.flow.http;

/**
 * A Server-Sent Events stream (the {@code text/event-stream} format of the HTML standard) over a
 * {@link ResponseStream}: each {@link #send} is one event, sent at once (flushed). Used from the
 * connection's task; it may wait between events with lockstep-io operations (sleep, a channel's
 * receive). A send after the client went away throws the socket's {@code IoException}.
 */
public final class SseStream {
    private final ResponseStream out;
    private final StringBuilder sb = new StringBuilder(128);

    SseStream(ResponseStream out) {
        this.out = out;
    }

    /** Sends an event of type {@code event} (null: the default, "message") with {@code data}. */
    public void send(String event, String data) {
        send(null, event, data);
    }

    /** Sends an unnamed event. */
    public void send(String data) {
        send(null, null, data);
    }

    /**
     * Sends an event with an id (null: none), a type (null: "message") and data (each of its
     * lines becomes one {@code data:} line).
     */
    public void send(String id, String event, String data) {
        sb.setLength(0);
        if (id != null) {
            sb.append("id: ").append(singleLine("id", id)).append('\n');
        }
        if (event != null) {
            sb.append("event: ").append(singleLine("event", event)).append('\n');
        }
        int from = 0;
        String d = data == null ? "" : data;
        while (true) {
            int nl = nextLineEnd(d, from);
            sb.append("data: ").append(d, from, nl < 0 ? d.length() : nl).append('\n');
            if (nl < 0) {
                break;
            }
            from = d.charAt(nl) == '\r' && nl + 1 < d.length() && d.charAt(nl + 1) == '\n' ? nl + 2 : nl + 1;
        }
        sb.append('\n');
        emit();
    }

    /** Sends a comment line (ignored by clients): a keep-alive through proxies. */
    public void comment(String text) {
        sb.setLength(0);
        sb.append(": ").append(singleLine("comment", text)).append("\n\n");
        emit();
    }

    /** Tells the client how long to wait before reconnecting. */
    public void retry(long millis) {
        sb.setLength(0);
        sb.append("retry: ").append(millis).append("\n\n");
        emit();
    }

    /** Ends the stream (the response completes); later sends throw. Idempotent. */
    public void close() {
        out.end();
    }

    public boolean closed() {
        return out.ended();
    }

    private void emit() {
        out.write(sb.toString());
        out.flush();
    }

    private static int nextLineEnd(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static String singleLine(String what, String s) {
        if (nextLineEnd(s, 0) >= 0) {
            throw new IllegalArgumentException("an SSE " + what + " must be one line: '" + s + "'");
        }
        return s;
    }
}
