package dev.lockstep.flow.internal;

import dev.lockstep.core.TaskFailedException;
import dev.lockstep.flow.EffectTimeoutException;
import dev.lockstep.flow.FlowError;
import dev.lockstep.flow.FlowFailure;
import dev.lockstep.flow.Step;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The errors the runtime fails a request with when nobody chose one. */
public final class Failures {
    private Failures() {}

    /** A step that threw: its {@link FlowFailure}'s error, else 500 "step failed" naming the step. */
    public static FlowError ofStep(Step step, Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof FlowFailure f) {
            return f.error();
        }
        return new FlowError(500, "step failed", step.name());
    }

    /** An effect that failed for good: its {@link FlowFailure}'s error, 504 on a timeout, else 502. */
    public static FlowError ofEffect(String effect, Throwable cause) {
        Throwable t = unwrap(cause);
        if (t instanceof FlowFailure f) {
            return f.error();
        }
        if (t instanceof EffectTimeoutException) {
            return new FlowError(504, "effect timed out", effect);
        }
        return new FlowError(502, "effect failed", effect);
    }

    /** The cause under the wrappers futures add. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof TaskFailedException || t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A short description for traces. */
    public static String describe(Throwable t) {
        Throwable u = unwrap(t);
        String m = u.getMessage();
        return u.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
