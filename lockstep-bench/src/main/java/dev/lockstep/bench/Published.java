package dev.lockstep.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A peer's published figure for a result whose peer cannot run here (ReactiveML, Tempo), placed
 * on the {@link Ours} method. The report pairs Lockstep's measured value with it, one row per
 * figure, marked {@code "peerSource": "published"} in the JSON and "(published)" in the table and
 * chart. The value is converted to Lockstep's unit as a measured peer's would be (a time unit to a
 * time unit, a throughput to a throughput); an incompatible unit leaves it unpaired with a warning.
 *
 * <p>For a benchmark with JMH parameters, {@link #params()} says which parameter values the figure
 * is for ({@code "n=5000"}); repeat the annotation once per value. A figure pairs with every row
 * the method yields whose parameters match, the steady-state row and, with {@link Cold}, the
 * {@code -cold} row alike: the anchors the issues quote are single native runs, compared with both.
 *
 * <pre>{@code
 * @Benchmark
 * @Cold
 * @Ours("ppdp-b1-n{n}")
 * @Published(peer = "ReactiveML", value = 3.43, unit = "ms", params = "n=5000", source = "issue 4")
 * @Published(peer = "ReactiveML", value = 6.61, unit = "ms", params = "n=10000", source = "issue 4")
 * public int chains() { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Published.List.class)
public @interface Published {
    /** The peer's display name, with its version and build, e.g. {@code ReactiveML 1.09.07 (native)}. */
    String peer();

    /** The published figure, in {@link #unit()}. */
    double value();

    /** Its unit, as the report writes units: {@code ns}, {@code us}, {@code ms}, {@code s} or {@code ops/us}... */
    String unit();

    /** Where the figure comes from and how it was taken (shown under the table, and in the JSON). */
    String source();

    /**
     * The JMH parameter values the figure is for, {@code name=value} separated by commas
     * ({@code "n=5000"}, {@code "n=5000,depth=3"}); empty (the default) for every combination.
     */
    String params() default "";

    /** Several figures on one method. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        Published[] value();
    }
}
