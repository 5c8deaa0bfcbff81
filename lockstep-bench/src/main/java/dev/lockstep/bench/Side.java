package dev.lockstep.bench;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * One side of a named result: Lockstep's (an {@link Ours} method, {@code peer == null}) or a
 * peer's (a {@link Peer} method). A benchmark method has as many sides as it has annotations: a
 * peer method may stand for several results.
 *
 * @param result the result name, as the issue lists it
 * @param peer the peer's display name, or {@code null} for Lockstep's side
 */
record Side(String result, String peer) {
    Side {
        if (result == null || result.isBlank()) {
            throw new IllegalArgumentException("a benchmark side needs a non-blank result name");
        }
        if (peer != null && peer.isBlank()) {
            throw new IllegalArgumentException("the peer of result '" + result + "' has a blank name");
        }
    }

    static Side ours(String result) {
        return new Side(result, null);
    }

    static Side peer(String result, String name) {
        return new Side(result, name);
    }

    boolean isOurs() {
        return peer == null;
    }

    /**
     * Reads the {@link Ours} and {@link Peer} annotations of a benchmark method named the way JMH
     * names it ({@code dev.lockstep.bench.core.FibBench.lockstep}). Returns an empty list for a
     * method with neither; the pairing reports such a method rather than dropping it.
     *
     * @throws BenchException if the class or method cannot be found, if the method is marked both
     *     {@code @Ours} and {@code @Peer}, or if an annotation has a blank name
     */
    static List<Side> of(String benchmark) {
        Method method = method(benchmark);
        List<Side> sides = new ArrayList<>();
        Ours ours = method.getAnnotation(Ours.class);
        Peer[] peers = method.getAnnotationsByType(Peer.class);
        if (ours != null && peers.length > 0) {
            throw new BenchException(
                    "benchmark " + benchmark + " is marked both @Ours and @Peer; a method measures" + " one side only");
        }
        try {
            if (ours != null) {
                sides.add(ours(ours.value()));
            }
            for (Peer p : peers) {
                sides.add(peer(p.value(), p.name()));
            }
        } catch (IllegalArgumentException e) {
            throw new BenchException("benchmark " + benchmark + ": " + e.getMessage(), e);
        }
        return List.copyOf(sides);
    }

    private static Method method(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        if (dot <= 0) {
            throw new BenchException("'" + benchmark + "' is not a benchmark name of the form package.Class.method");
        }
        String methodName = benchmark.substring(dot + 1);
        Class<?> type = load(benchmark.substring(0, dot), benchmark);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(methodName) && m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                return m;
            }
        }
        throw new BenchException("benchmark " + benchmark + ": class " + type.getName()
                + " has no public @Benchmark method '" + methodName + "'");
    }

    /** JMH writes nested classes with dots; try {@code Outer$Inner} spellings too. */
    private static Class<?> load(String name, String benchmark) {
        ClassLoader loader = Side.class.getClassLoader();
        String candidate = name;
        while (true) {
            try {
                return Class.forName(candidate, false, loader);
            } catch (ClassNotFoundException e) {
                int dot = candidate.lastIndexOf('.');
                if (dot <= 0) {
                    throw new BenchException(
                            "benchmark " + benchmark + ": class " + name + " is not on the classpath", e);
                }
                candidate = candidate.substring(0, dot) + '$' + candidate.substring(dot + 1);
            }
        }
    }
}
