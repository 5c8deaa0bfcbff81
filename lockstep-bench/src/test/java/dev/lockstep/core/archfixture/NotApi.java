package dev.lockstep.core.archfixture;

import dev.lockstep.core.archfixture.internal.Hidden;

/** Architecture fixture that obeys: a package-private class is not API, whatever it returns. */
final class NotApi {
    public Hidden make() {
        return new Hidden();
    }
}
