package dev.lockstep.core.memory;

/** Reads {@code lockstep.stress}: "short" (default, CI) or "long" ({@code bin/test --long}). */
final class Stress {
    private Stress() {}

    static boolean isLong() {
        return "long".equals(System.getProperty("lockstep.stress", "short"));
    }
}
