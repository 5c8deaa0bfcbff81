package dev.lockstep.flow;

/**
 * The undo of one effect (a saga step). When a request fails or is cancelled, the compensations of
 * the effects that completed successfully run one after another in reverse order of those
 * completions, each with its own retry policy; their outcome is traced and never changes the
 * response.
 *
 * @param effect the name of the effect (in the same Need) it undoes
 * @param name its own name, for traces
 * @param retry how often it is tried
 * @param operation the work of one attempt
 */
public record Compensation(String effect, String name, RetryPolicy retry, Operation operation) {
    public Compensation {
        if (effect == null || effect.isBlank()) {
            throw new IllegalArgumentException("a compensation names the effect it undoes");
        }
        if (operation == null) {
            throw new IllegalArgumentException("compensation of '" + effect + "' needs an operation");
        }
        name = name == null ? "undo-" + effect : name;
        retry = retry == null ? RetryPolicy.NONE : retry;
    }

    /** Undo {@code effect} with {@code operation}, tried once. */
    public static Compensation of(String effect, Operation operation) {
        return new Compensation(effect, null, RetryPolicy.NONE, operation);
    }

    /** This compensation with a retry policy. */
    public Compensation retry(RetryPolicy retry) {
        return new Compensation(effect, name, retry, operation);
    }
}
