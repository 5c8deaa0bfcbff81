package dev.lockstep.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JMH benchmark method as Lockstep's side of a named result. The suite is the last segment
 * of the class's package ({@code dev.lockstep.bench.core.FibBench} belongs to suite {@code core}).
 * Unit and direction come from the method's JMH mode and output time unit: average or sample time
 * is "lower is better", throughput "higher is better".
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Ours {
    /** The result name, as the issue lists it (for example {@code fib30}). */
    String value();
}
