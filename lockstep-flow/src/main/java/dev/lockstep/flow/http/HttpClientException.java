package dev.lockstep.flow.http;

import dev.lockstep.core.LockstepException;

/**
 * An exchange of {@link IoHttpClient} failed: the message names the request ("METHOD uri") and
 * what was wrong (connect refused, a malformed response and where, a limit exceeded, the
 * connection closed early).
 */
public class HttpClientException extends LockstepException {
    public HttpClientException(String message) {
        super(message);
    }

    public HttpClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
