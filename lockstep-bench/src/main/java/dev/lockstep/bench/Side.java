package dev.lockstep.bench;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * One side of a named result: Lockstep's (an {@link Ours} method, {@code peer == null}), a
 * measured peer's (a {@link Peer} method) or a published peer's (a {@link Published} figure on
 * the {@code @Ours} method, {@code figure != null}). A benchmark method has as many sides as it
 * has annotations: a peer method may stand for several results. The result name may hold
 * parameter placeholders ({@link ResultNames}); the pairing fills them.
 *
 * @param result the result name, as the issue lists it (maybe a template, {@code ppdp-b1-n{n}})
 * @param peer the peer's display name, or {@code null} for Lockstep's side
 * @param figure the published figure, or {@code null} for a measured side
 */
record Side(String result, String peer, PublishedFigure figure) {
    Side {
        if (figure != null && peer == null) {
            throw new IllegalArgumentException("the published figure of result '" + result + "' has no peer name");
        }
        if (result == null || result.isBlank()) {
            throw new IllegalArgumentException("a benchmark side needs a non-blank result name");
        }
        if (peer != null && peer.isBlank()) {
            throw new IllegalArgumentException("the peer of result '" + result + "' has a blank name");
        }
    }

    Side(String result, String peer) {
        this(result, peer, null);
    }

    static Side ours(String result) {
        return new Side(result, null);
    }

    static Side peer(String result, String name) {
        return new Side(result, name);
    }

    static Side published(String result, String name, PublishedFigure figure) {
        return new Side(result, name, figure);
    }

    boolean isOurs() {
        return peer == null;
    }

    boolean isPublished() {
        return figure != null;
    }

    /** The same side of the {@code -cold} result. */
    Side cold() {
        return new Side(result + Cold.SUFFIX, peer, figure);
    }

    /** The same side of the {@code -cold-aot} result. */
    Side coldAot() {
        return new Side(result + Cold.AOT_SUFFIX, peer, figure);
    }

    /**
     * The {@link Cold#aotTraining()} class of a cold method, or {@code null} when it has none (or
     * is not cold).
     *
     * @throws BenchException when the training class has no {@code public static void
     *     main(String[])}
     */
    static Class<?> aotTraining(String benchmark) {
        Cold cold = method(benchmark).getAnnotation(Cold.class);
        if (cold == null || cold.aotTraining() == void.class) {
            return null;
        }
        Class<?> training = cold.aotTraining();
        try {
            Method main = training.getMethod("main", String[].class);
            if (!java.lang.reflect.Modifier.isStatic(main.getModifiers())) {
                throw new NoSuchMethodException("main is not static");
            }
        } catch (NoSuchMethodException e) {
            throw new BenchException("benchmark " + benchmark + ": @Cold(aotTraining = " + training.getName()
                    + ".class) names a class without public static void main(String[])");
        }
        return training;
    }

    /** Whether the method is marked {@link Cold}: it also runs as a first run in a fresh JVM. */
    static boolean isCold(String benchmark) {
        return method(benchmark).isAnnotationPresent(Cold.class);
    }

    /**
     * Reads the {@link Ours}, {@link Peer} and {@link Published} annotations of a benchmark method
     * named the way JMH names it ({@code dev.lockstep.bench.core.FibBench.lockstep}): Lockstep's
     * side first, then its published figures, then the peers. Returns an empty list for a method
     * with none; the pairing reports such a method rather than dropping it.
     *
     * @throws BenchException if the class or method cannot be found, if the method is marked both
     *     {@code @Ours} and {@code @Peer}, if an annotation has a blank name, if a {@code
     *     @Published} figure is not on an {@code @Ours} method or is malformed, or if a {@code @Cold}
     *     method has neither {@code @Ours} nor {@code @Peer}
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
        Published[] published = method.getAnnotationsByType(Published.class);
        if (published.length > 0 && ours == null) {
            throw new BenchException("benchmark " + benchmark + " has @Published figures but no @Ours; a published"
                    + " figure belongs on Lockstep's method");
        }
        if (method.isAnnotationPresent(Cold.class) && ours == null && peers.length == 0) {
            throw new BenchException("benchmark " + benchmark + " is marked @Cold but has neither @Ours nor @Peer");
        }
        try {
            if (ours != null) {
                sides.add(ours(ours.value()));
                for (Published p : published) {
                    sides.add(published(
                            ours.value(),
                            p.peer(),
                            new PublishedFigure(p.value(), p.unit(), p.source(), ResultNames.parseParams(p.params()))));
                }
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
