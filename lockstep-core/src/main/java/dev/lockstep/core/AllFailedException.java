package dev.lockstep.core;

import java.util.Collections;
import java.util.List;

/**
 * {@link Futures#firstSuccess} found no success: every input failed or was cancelled. {@link
 * #getCauses()} lists every input's cause in input order; the first is also {@link #getCause()} and
 * the others are {@linkplain #getSuppressed() suppressed}, so a printed stack trace shows them all.
 */
public final class AllFailedException extends LockstepException {
    private final List<Throwable> causes;

    /** {@code causes} in input order, at least one. */
    public AllFailedException(String what, List<Throwable> causes) {
        super(
                what + ": all " + causes.size() + " futures failed; the first with " + causes.getFirst(),
                causes.getFirst());
        this.causes = Collections.unmodifiableList(causes);
        for (int i = 1; i < causes.size(); i++) {
            addSuppressed(causes.get(i));
        }
    }

    /** Every input's failure or cancellation, in input order. */
    public List<Throwable> getCauses() {
        return causes;
    }
}
