package dev.lockstep.core.archfixture;

import dev.lockstep.core.archfixture.internal.Hidden;
import java.util.List;

/** Architecture fixture, breaks the rule on purpose: public API showing an internal type. */
public final class LeakyApi {
    public Hidden leak() {
        return new Hidden();
    }

    public List<Hidden> leakAll() {
        return List.of(new Hidden());
    }

    public void take(Hidden hidden) {
        hidden.hashCode();
    }
}
