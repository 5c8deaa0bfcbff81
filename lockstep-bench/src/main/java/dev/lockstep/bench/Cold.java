package dev.lockstep.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Also reports a benchmark's first run in a fresh JVM, as result {@code <name>-cold} beside the
 * steady-state result {@code <name>}. Placed on an {@link Ours} or {@link Peer} method (mark
 * both sides of a measured pair, or Lockstep's side of a result with {@link Published} figures).
 *
 * <p>After the steady-state run the runner starts a second JMH run of the cold methods only, with
 * options that override any {@code @BenchmarkMode}, {@code @Warmup}, {@code @Measurement} or
 * {@code @Fork} on the method: mode single-shot time, no warmup, one measurement iteration of
 * one invocation, in {@code --cold-forks} forks (3 in quick mode, 5 in full mode). Each fork's
 * single shot is thus the first call of the method in a fresh JVM ({@code @Setup} is not timed);
 * the report gives the median over the forks, in the method's {@code @OutputTimeUnit}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cold {
    /** The suffix of a cold result's name. */
    String SUFFIX = "-cold";
}
