package dev.lockstep.flow.http;

import dev.lockstep.core.LockstepException;

/**
 * A request the server cannot accept: its {@link #status()} is the response it gets (400, 408, 413,
 * 414, 417, 431, 501 or 505) and its message names what was wrong and where (the byte offset in the
 * connection's stream, the header). The server answers with that status and {@code Connection:
 * close}, then closes the connection: after a parse error the framing of what follows is in doubt.
 */
public class HttpParseException extends LockstepException {
    private final int status;

    public HttpParseException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** The status the request gets. */
    public int status() {
        return status;
    }

    /** The message without the status: what was wrong and where. */
    public String reason() {
        return getMessage();
    }
}
