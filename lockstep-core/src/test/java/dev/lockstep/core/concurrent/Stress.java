package dev.lockstep.core.concurrent;

/** The {@code lockstep.stress} switch for the hand-written multi-thread tests of this package. */
final class Stress {
    private Stress() {}

    /** True under {@code bin/test --long}; the short form (default, CI) takes seconds. */
    static final boolean LONG = "long".equals(System.getProperty("lockstep.stress", "short"));
}
