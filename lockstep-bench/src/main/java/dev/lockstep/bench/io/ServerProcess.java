package dev.lockstep.bench.io;

import dev.lockstep.bench.BenchException;
import dev.lockstep.core.Lockstep;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server (or client) JVM of the io suite: started on the runner's classpath with {@link
 * #JVM_FLAGS}, pinned to one CPU with {@code taskset}. A server is ready when it prints
 * {@code listening on HOST:PORT} (Lockstep's {@code lockstep io} commands and the peers print the
 * same shape); one that exits first, or stays silent for 30 s, fails with the end of its standard
 * error, which says why (an io_uring backend that cannot open here, for instance).
 */
public final class ServerProcess implements AutoCloseable {
    /**
     * The flags of every JVM the suite starts, Lockstep's servers, the peers and the echo client
     * alike: Lockstep's runtime flags, Unsafe allowed (Netty uses it), one processor (each JVM is
     * pinned to one core anyway) and the serial collector (the JVM's own choice on one CPU, made
     * explicit). The heap keeps the JVM's default sizing, as in the reference figures: a
     * fixed small heap would cap every server's RSS at the same floor and hide what a server's
     * allocation costs in memory.
     */
    public static final List<String> JVM_FLAGS = jvmFlags();

    private static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(Arrays.asList(Lockstep.JVM_FLAGS.split(" ")));
        flags.addAll(
                List.of("--sun-misc-unsafe-memory-access=allow", "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC"));
        return List.copyOf(flags);
    }

    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    private final String label;
    private final Process process;
    private final String host;
    private final int port;
    private final Path stderr;

    private ServerProcess(String label, Process process, String host, int port, Path stderr) {
        this.label = label;
        this.process = process;
        this.host = host;
        this.port = port;
        this.stderr = stderr;
    }

    /** {@code taskset -c CPU java FLAGS -cp CLASSPATH MAIN ARGS} ({@code cpu < 0}: not pinned). */
    public static List<String> javaCommand(int cpu, String mainClass, List<String> args) {
        List<String> c = new ArrayList<>();
        if (cpu >= 0) {
            c.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        }
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(JVM_FLAGS);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(mainClass);
        c.addAll(args);
        return c;
    }

    /**
     * Starts the server and waits for its {@code listening on} line.
     *
     * @throws BenchException naming the server and quoting its standard error when it does not
     *     start
     */
    public static ServerProcess start(String label, int cpu, String mainClass, List<String> args) {
        Path err;
        Process p;
        try {
            err = Files.createTempFile("lockstep-io-bench-", ".err");
            err.toFile().deleteOnExit();
            p = new ProcessBuilder(javaCommand(cpu, mainClass, args))
                    .redirectError(err.toFile())
                    .start();
        } catch (IOException e) {
            throw new BenchException("cannot start " + label + ": " + e.getMessage(), e);
        }
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name(label + "-stdout").start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) { // keeps draining after the line
                    Matcher m = LISTENING.matcher(line);
                    if (!ready.isDone() && m.find()) {
                        ready.complete(m);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.complete(null);
        });
        try {
            Matcher m = ready.get(30, TimeUnit.SECONDS);
            if (m == null) {
                p.waitFor(5, TimeUnit.SECONDS);
                throw new BenchException(label + " did not start"
                        + (p.isAlive() ? "" : " (exit code " + p.exitValue() + ")") + ": " + tail(err));
            }
            return new ServerProcess(label, p, m.group(1), Integer.parseInt(m.group(2)), err);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new BenchException(label + " printed no 'listening on' line within 30 s: " + tail(err), e);
        } catch (ExecutionException e) {
            p.destroyForcibly();
            throw new BenchException(label + " could not be read: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new BenchException("interrupted while starting " + label, e);
        } catch (BenchException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The last lines of a standard error file, on one line. */
    static String tail(Path err) {
        try {
            List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
            if (lines.isEmpty()) {
                return "(nothing on standard error)";
            }
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(standard error unreadable: " + e.getMessage() + ")";
        }
    }

    String label() {
        return label;
    }

    public long pid() {
        return process.pid();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Whether it still runs; if not, the end of its standard error is in the message. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new BenchException(label + " exited (code " + process.exitValue() + "): " + tail(stderr));
        }
    }

    /** SIGTERM (the servers stop cleanly on it), then SIGKILL after 5 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            // a temp file; deleteOnExit will try again
        }
    }
}
