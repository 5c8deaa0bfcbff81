package dev.lockstep.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reports a percentile of the method's measurements instead of the median: with {@code
 * Mode.SampleTime}, a percentile of every sampled operation across iterations and forks (for
 * example {@code @Percentile(95)} on a per-frame method gives the 95th percentile frame time). Also
 * applies to a {@link Published} figure on the same method, which should be the same statistic.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Percentile {
    /** The percentile, in (0, 100]. */
    double value();
}
