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
 *
 * <p>With {@link #aotTraining()}, the method is also reported as {@code <name>-cold-aot}: the same
 * single shot in fresh JVMs that start from a JDK AOT cache ({@code -XX:AOTCache}, JEP 483/515:
 * classes loaded and linked, lambdas resolved and method profiles from a training run). The
 * runner creates the cache once per bench invocation by running the training class's {@code
 * main} in a JVM with {@code -XX:AOTCacheOutput}, with the forks' flags and classpath; the
 * training should do the benchmark's kind of work but not its measured run (a smaller size, say).
 * Needs JDK 25 or later ({@link AotCache}); the runner's {@code --[no-]aot} turns it on or off.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cold {
    /** The suffix of a cold result's name. */
    String SUFFIX = "-cold";

    /** The suffix of a cold result measured from an AOT cache. */
    String AOT_SUFFIX = "-cold-aot";

    /**
     * A class whose {@code public static void main(String[])} is the AOT cache's training run, or
     * {@code void.class} (the default): no {@code -cold-aot} result.
     */
    Class<?> aotTraining() default void.class;
}
