package dev.lockstep.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JMH benchmark method as a peer's side of a named result, measured in the same run as
 * the {@link Ours} method of the same name and suite. A result may have several peers (for
 * example {@code submit1e6} against ForkJoinPool and ThreadPoolExecutor); each becomes one row.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Peer.List.class)
public @interface Peer {
    /** The result name this peer is measured against. */
    String value();

    /** The peer's display name, for example {@code ForkJoinPool}. */
    String name();

    /** Several results measured by one method. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        Peer[] value();
    }
}
