package dev.lockstep.cli.app;

import dev.lockstep.flow.Effect;

/**
 * A hook on every database effect of the example application, for tests that need a failure at a
 * known attempt (a "database is locked" on the first attempt of an insert, say): {@link #wrap}
 * sees each effect as its route builds it and may return it with another operation. The
 * application uses {@link #NONE}.
 */
interface Faults {
    /** No fault: every effect as it is. */
    Faults NONE = new Faults() {
        @Override
        public <T> Effect<T> wrap(Effect<T> effect) {
            return effect;
        }
    };

    /** {@code effect}, or a version of it that fails some attempts. */
    <T> Effect<T> wrap(Effect<T> effect);
}
