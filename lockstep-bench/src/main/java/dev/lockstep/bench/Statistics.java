package dev.lockstep.bench;

import java.lang.reflect.Method;

/** What a benchmark method reports: {@link Percentile} and {@link AllocPerOp}, read from the method. */
final class Statistics {
    private Statistics() {}

    /** The percentile the report gives for {@code benchmark} ({@code package.Class.method}): 50 unless annotated. */
    static double percentile(String benchmark) {
        Method m = method(benchmark);
        Percentile p = m == null ? null : m.getAnnotation(Percentile.class);
        if (p == null) {
            return 50;
        }
        if (!(p.value() > 0 && p.value() <= 100)) {
            throw new BenchException("benchmark " + benchmark + ": @Percentile must be in (0, 100], not " + p.value());
        }
        return p.value();
    }

    /** Whether {@code benchmark} reports its bytes per operation ({@link AllocPerOp}). */
    static boolean allocPerOp(String benchmark) {
        Method m = method(benchmark);
        return m != null && m.isAnnotationPresent(AllocPerOp.class);
    }

    /** The benchmark's method, or null when its class cannot be loaded here. */
    static Method method(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            Class<?> c = Class.forName(benchmark.substring(0, dot), false, Statistics.class.getClassLoader());
            for (Method m : c.getMethods()) {
                if (m.getName().equals(benchmark.substring(dot + 1))) {
                    return m;
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return null;
    }
}
