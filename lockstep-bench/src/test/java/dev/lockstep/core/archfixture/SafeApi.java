package dev.lockstep.core.archfixture;

import dev.lockstep.core.archfixture.internal.Hidden;

/** Architecture fixture that obeys: uses its own module's internal type behind a public API. */
public final class SafeApi {
    private final Hidden hidden = new Hidden();

    public String describe() {
        return hidden.toString();
    }
}
