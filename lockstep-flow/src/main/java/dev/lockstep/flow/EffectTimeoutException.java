package dev.lockstep.flow;

import java.time.Duration;

/** An effect's attempt ran past its timeout and was cancelled. */
public final class EffectTimeoutException extends FlowException {
    public EffectTimeoutException(String effect, int attempt, Duration timeout) {
        super("effect '" + effect + "' attempt " + attempt + " timed out after " + timeout.toMillis() + " ms");
    }
}
