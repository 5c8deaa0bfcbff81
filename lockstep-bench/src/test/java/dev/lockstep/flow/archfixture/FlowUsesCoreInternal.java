package dev.lockstep.flow.archfixture;

import dev.lockstep.core.archfixture.internal.Hidden;

/** Architecture fixture, breaks the rule on purpose: flow reaching into core's internal package. */
public final class FlowUsesCoreInternal {
    public String use() {
        return new Hidden().toString();
    }
}
