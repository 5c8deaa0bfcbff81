package dev.lockstep.core.cancel;

import java.util.concurrent.CancellationException;

/**
 * Lockstep's cancellation: a {@link CancellationException} that carries the reason given to {@link
 * CancellationSource#cancel(String)} or {@link dev.lockstep.core.Future#cancel(String)}. Code that
 * catches the JDK type keeps working; code that wants the reason reads {@link #reason()}.
 */
public class CancelledException extends CancellationException {
    private final String reason;

    /** A cancellation for {@code reason} (also the message). */
    public CancelledException(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** Why the work was cancelled, as given by whoever cancelled it. */
    public String reason() {
        return reason;
    }
}
