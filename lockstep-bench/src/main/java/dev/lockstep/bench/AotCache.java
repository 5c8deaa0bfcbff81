package dev.lockstep.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The JDK AOT caches of one bench invocation ({@link Cold#aotTraining()}): one cache per training
 * class, created on first use and reused for every benchmark that names the same class, and the
 * jar-only classpath the training and the measured forks share.
 *
 * <p>Why a classpath of its own: an AOT cache refuses a classpath with a non-empty directory
 * (lockstep-bench/target/classes when run from bin/lockstep; surefire's manifest-only jar points
 * at directories too). So every directory on the runner's classpath is packed into a jar in the
 * work directory, and a jar whose manifest {@code Class-Path} lists further entries is replaced
 * by those entries when it holds nothing else. JMH starts its forks with the runner's {@code
 * java.class.path}; {@link #withClasspath} sets it to the jar-only one while the AOT run starts
 * its forks.
 *
 * <p>The training JVM gets the flags the measured forks get (the runner's input arguments, then
 * {@link JmhRun#jvmArgs()}), so the cache matches them; the forks then run with {@code
 * -XX:AOTMode=on}, which makes a JVM that cannot use the cache fail instead of silently measuring a
 * plain cold start. The work directory is deleted by {@link #close()}.
 */
final class AotCache implements AutoCloseable {
    /** The first JDK with AOT caches ({@code -XX:AOTCacheOutput}: JEP 514) and method profiles in them (JEP 515). */
    static final int FIRST_JDK = 25;

    /** How long a training run may take. */
    static final long TRAINING_TIMEOUT_SECONDS = 300;

    private final Path dir;
    private final Path log;
    private final Map<Class<?>, Path> caches = new LinkedHashMap<>();
    private String classpath;

    /**
     * @param dir the work directory (created; deleted by {@link #close()})
     * @param log where the training JVMs' output is appended (JMH's log)
     */
    AotCache(Path dir, Path log) {
        this.dir = dir;
        this.log = log;
    }

    /** Whether this JVM's JDK can create and use AOT caches with profiles. */
    static boolean supported() {
        return Runtime.version().feature() >= FIRST_JDK;
    }

    /** The jar-only classpath of the training and the forks (built once). */
    String classpath() {
        if (classpath == null) {
            try {
                Files.createDirectories(dir);
                classpath = String.join(
                        File.pathSeparator,
                        jarsOnly(List.of(System.getProperty("java.class.path").split(File.pathSeparator)), dir));
            } catch (IOException e) {
                throw new BenchException("cannot build the AOT run's classpath in " + dir + ": " + e.getMessage(), e);
            }
        }
        return classpath;
    }

    /**
     * The cache trained by {@code training}'s main: created by the first call, the same file
     * afterwards.
     *
     * @throws BenchException when the training JVM fails or produces no cache (its output is in
     *     the log)
     */
    Path cacheFor(Class<?> training) {
        Path cache = caches.get(training);
        if (cache == null) {
            cache = dir.resolve(training.getSimpleName() + ".aot");
            train(training, cache);
            caches.put(training, cache);
        }
        return cache;
    }

    /** The JVM arguments that make a fork start from {@code cache} (or fail when it cannot). */
    static List<String> forkArgs(Path cache) {
        return List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache);
    }

    /** The training command: java, the forks' flags, the cache to write, the classpath, the class. */
    static List<String> trainingCommand(
            String java, List<String> flags, Path cache, String classpath, Class<?> training) {
        List<String> command = new ArrayList<>();
        command.add(java);
        for (String f : flags) {
            if (!f.startsWith("-XX:AOT")) { // the runner's own AOT flags, if any, are not the training's
                command.add(f);
            }
        }
        command.add("-XX:AOTCacheOutput=" + cache);
        command.add("-cp");
        command.add(classpath);
        command.add(training.getName());
        return command;
    }

    /** The flags JMH gives a fork: the runner's input arguments, then the appended ones. */
    static List<String> forkFlags() {
        List<String> flags =
                new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        flags.addAll(List.of(JmhRun.jvmArgs()));
        return flags;
    }

    private void train(Class<?> training, Path cache) {
        List<String> command = trainingCommand(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                forkFlags(),
                cache,
                classpath(),
                training);
        try {
            Files.writeString(
                    log,
                    "# AOT training: " + String.join(" ", command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchException("the AOT training run " + training.getName() + " took more than "
                        + TRAINING_TIMEOUT_SECONDS + " s (its output is in " + log + ")");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(cache)) {
                throw new BenchException("the AOT training run " + training.getName() + " failed (exit " + p.exitValue()
                        + "; its output is in " + log + ")");
            }
        } catch (IOException e) {
            throw new BenchException("cannot run the AOT training " + training.getName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted during the AOT training " + training.getName(), e);
        }
    }

    /**
     * Runs {@code action} with {@code java.class.path} set to {@link #classpath()}, which JMH
     * reads when it starts a fork, and restores it after.
     */
    <T> T withClasspath(java.util.function.Supplier<T> action) {
        String cp = classpath();
        synchronized (AotCache.class) {
            String saved = System.getProperty("java.class.path");
            System.setProperty("java.class.path", cp);
            try {
                return action.get();
            } finally {
                System.setProperty("java.class.path", saved);
            }
        }
    }

    /**
     * {@code entries} with every directory packed into a jar in {@code dir} and every jar whose
     * manifest {@code Class-Path} lists further entries (and that holds nothing but its manifest)
     * replaced by those entries, recursively; missing entries are dropped, as the JVM ignores them.
     */
    static List<String> jarsOnly(List<String> entries, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                out.add(pack(p, dir.resolve(out.size() + "-" + p.getFileName() + ".jar"))
                        .toString());
            } else if (Files.isRegularFile(p)) {
                List<String> manifestPath = manifestClassPath(p);
                if (manifestPath.isEmpty()) {
                    out.add(p.toString());
                } else {
                    for (String e : jarsOnly(manifestPath, dir.resolve(out.size() + "-" + p.getFileName() + ".d"))) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    /** The manifest Class-Path of a jar holding nothing but its manifest, as paths; else empty. */
    private static List<String> manifestClassPath(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null
                    || cp.isBlank()
                    || j.stream().anyMatch(e -> !e.isDirectory() && !e.getName().equals(JarFile.MANIFEST_NAME))) {
                return List.of();
            }
            List<String> paths = new ArrayList<>();
            for (String url : cp.trim().split("\\s+")) {
                java.net.URI uri = jar.toUri().resolve(url);
                paths.add(Path.of(uri).toString());
            }
            return paths;
        } catch (java.util.zip.ZipException e) {
            return List.of(); // not a jar: left as it is
        }
    }

    /** Packs the files under {@code root} into {@code jar} (entries in a stable order). */
    static Path pack(Path root, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(os)) {
            for (Path f : files) {
                String name = root.relativize(f).toString().replace(File.separatorChar, '/');
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    @Override
    public void close() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover work directory under target/bench is harmless
        }
    }
}
