package dev.lockstep.flow;

import dev.lockstep.core.random.SplitRandom;
import java.time.Duration;

/**
 * How often an effect (or a compensation) is tried and how long it waits between tries. Attempt 1
 * starts at once; before attempt {@code n > 1} the runtime waits {@code base(n) * (1 + jitter * u)}
 * clamped to {@code [0, maxBackoff]}, where {@code base(n) = min(maxBackoff, initialBackoff *
 * multiplier^(n-2))} and {@code u} is drawn uniformly from {@code [-1, 1)} from a seeded stream
 * (per request and effect, see {@link FlowRuntime}), so a schedule is a function of the seed.
 *
 * @param attempts total tries, at least 1 (1 = no retry)
 * @param initialBackoff wait before the second attempt (before jitter)
 * @param maxBackoff upper bound of any wait
 * @param multiplier growth of the wait per attempt, at least 1
 * @param jitter relative spread in [0, 1]: 0.2 means +-20 %
 */
public record RetryPolicy(
        int attempts, Duration initialBackoff, Duration maxBackoff, double multiplier, double jitter) {
    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("retry policy: attempts must be at least 1, got " + attempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || maxBackoff == null || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("retry policy: backoffs must be non-negative");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "retry policy: maxBackoff " + maxBackoff + " < initialBackoff " + initialBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("retry policy: multiplier must be >= 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("retry policy: jitter must be in [0, 1], got " + jitter);
        }
    }

    /** {@code attempts} tries, exponential backoff from {@code initial} doubling up to {@code max}, no jitter. */
    public static RetryPolicy exponential(int attempts, Duration initial, Duration max) {
        return new RetryPolicy(attempts, initial, max, 2.0, 0.0);
    }

    /** This policy with another jitter. */
    public RetryPolicy withJitter(double jitter) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, multiplier, jitter);
    }

    /** The wait before attempt {@code attempt} (2..attempts), drawing one number from {@code random} if jittered. */
    public Duration backoffBefore(int attempt, SplitRandom random) {
        if (attempt < 2) {
            return Duration.ZERO;
        }
        double max = maxBackoff.toNanos();
        double base = Math.min(max, initialBackoff.toNanos() * Math.pow(multiplier, attempt - 2));
        double nanos = base;
        if (jitter > 0.0) {
            double u = random.nextDouble() * 2.0 - 1.0;
            nanos = base * (1.0 + jitter * u);
        }
        return Duration.ofNanos((long) Math.max(0.0, Math.min(max, nanos)));
    }
}
