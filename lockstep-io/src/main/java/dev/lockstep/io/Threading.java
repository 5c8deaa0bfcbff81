package dev.lockstep.io;

/**
 * How many runtimes a {@link Launcher} runs, one per thread: {@link #single()}, {@link #multi(int)},
 * {@link #all()} (one per CPU) or {@link #auto()} (max(cpus / 2 - 1, 1)).
 */
public record Threading(Kind kind, int count) {
    /** The four choices. */
    public enum Kind {
        SINGLE,
        MULTI,
        ALL,
        AUTO
    }

    public Threading {
        if (kind == Kind.MULTI && count < 1) {
            throw new IllegalArgumentException("MULTI threading needs at least 1 runtime, got " + count);
        }
    }

    public static Threading single() {
        return new Threading(Kind.SINGLE, 1);
    }

    public static Threading multi(int n) {
        return new Threading(Kind.MULTI, n);
    }

    public static Threading all() {
        return new Threading(Kind.ALL, 0);
    }

    public static Threading auto() {
        return new Threading(Kind.AUTO, 0);
    }

    /** The number of runtimes on a machine with {@code cpus} CPUs. */
    public int runtimes(int cpus) {
        return switch (kind) {
            case SINGLE -> 1;
            case MULTI -> count;
            case ALL -> Math.max(cpus, 1);
            case AUTO -> Math.max(cpus / 2 - 1, 1);
        };
    }
}
