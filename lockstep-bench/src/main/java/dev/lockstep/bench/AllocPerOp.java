package dev.lockstep.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reports the bytes the method allocates per operation, JMH's GC profiler's {@code
 * gc.alloc.rate.norm} (median over iterations), as the result's value, in unit {@code B}, lower is
 * better. A run that selects such a method attaches the GC profiler whether or not {@code --gc} was
 * given. The method's time per operation is not reported; use a time mode (lower is better).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AllocPerOp {}
