package dev.lockstep.bench.io;

import dev.lockstep.bench.BenchException;
import dev.lockstep.bench.ExternalSuite;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The io suite's driver ({@link ExternalSuite}): Lockstep's {@code lockstep io http-hello} and
 * {@code lockstep io echo} against Netty 4.2 and JDK virtual threads, each server in its own JVM
 * pinned to CPU 0, the load (wrk, or {@link EchoClient}) pinned to CPU 1, every JVM with {@link
 * ServerProcess#JVM_FLAGS}. Guide: docs/io.md, "Benchmark suite io".
 *
 * <p>A server session: start the server, one warm-up wrk run at 200 connections, then one measured
 * run per connection count the selected results need (50, 200, 1000, in that order); around the
 * 200-connection run the server's CPU time is read ({@code http-hello-cpu}: CPU microseconds per
 * completed request) and after it its peak RSS ({@code http-hello-rss}, MiB); then the server is
 * stopped. An echo session: start the server, one client run per message size (the client warms
 * up before it counts). Sessions alternate Lockstep and peer, in reverse order on every other
 * repeat; each value is the median over the repeats (quick: 1, full: 3). A server that cannot
 * start (an io_uring backend not available here) leaves its results unmeasured with its reason,
 * and the others still run; a load run that fails (socket errors, non-2xx responses) leaves its
 * results unmeasured with wrk's numbers.
 */
public final class IoSuite implements ExternalSuite {
    /** A server the suite starts. */
    enum Server {
        OURS_URING("Lockstep io_uring", true, "dev.lockstep.cli.Main", "io", "http-hello", "--backend", "io_uring"),
        NETTY_EPOLL("Netty 4.2.18 epoll", true, NettyHttpHello.class.getName(), "epoll"),
        OURS_NIO("Lockstep NIO", true, "dev.lockstep.cli.Main", "io", "http-hello", "--backend", "nio"),
        NETTY_URING("Netty 4.2.18 io_uring", true, NettyHttpHello.class.getName(), "io_uring"),
        VIRTUAL_THREADS("JDK virtual threads", true, VirtualThreadHttpHello.class.getName()),
        OURS_URING_ECHO("Lockstep io_uring", false, "dev.lockstep.cli.Main", "io", "echo", "--backend", "io_uring"),
        NETTY_EPOLL_ECHO("Netty 4.2.18 epoll", false, NettyEcho.class.getName(), "epoll"),
        OURS_NIO_ECHO("Lockstep NIO", false, "dev.lockstep.cli.Main", "io", "echo", "--backend", "nio");

        final String display;
        final boolean http;
        final String mainClass;
        final List<String> args;

        Server(String display, boolean http, String mainClass, String... args) {
            this.display = display;
            this.http = http;
            this.mainClass = mainClass;
            this.args = List.of(args);
        }

        /** The arguments with the port: Lockstep's commands take {@code --port 0}, the peers a last {@code 0}. */
        List<String> argsWithPort() {
            List<String> a = new ArrayList<>(args);
            if (mainClass.startsWith("dev.lockstep.cli.")) {
                a.addAll(List.of("--port", "0"));
            } else {
                a.add("0");
            }
            return a;
        }

        /** What produced a value, for the row's benchmark fields. */
        String source() {
            return mainClass.startsWith("dev.lockstep.cli.")
                    ? "lockstep " + String.join(" ", args)
                    : mainClass.substring(mainClass.lastIndexOf('.') + 1) + " " + String.join(" ", args);
        }
    }

    /**
     * One result: which metric of which two servers.
     *
     * @param metric {@code c50}, {@code c200}, {@code c1000} (req/s), {@code cpu} (us/req at 200
     *     connections), {@code rss} (MiB after the 200-connection run), {@code echo64},
     *     {@code echo16384} (MB/s)
     */
    record Spec(String name, Server ours, Server peer, String metric, String unit, String better) {}

    static final int[] CONNECTIONS = {50, 200, 1000};
    static final int[] ECHO_SIZES = {64, 16 * 1024};
    static final int ECHO_CONNECTIONS = 50;
    static final int SERVER_CPU = 0;
    static final int LOAD_CPU = 1;

    /** Every result, in report order. */
    static final List<Spec> SPECS = specs();

    private static List<Spec> specs() {
        List<Spec> s = new ArrayList<>();
        String[][] variants = {
            {"", "OURS_URING", "NETTY_EPOLL"},
            {"-nio", "OURS_NIO", "NETTY_EPOLL"},
            {"-netty-uring", "OURS_URING", "NETTY_URING"},
            {"-vt", "OURS_URING", "VIRTUAL_THREADS"}
        };
        for (String[] v : variants) {
            for (int c : CONNECTIONS) {
                s.add(new Spec(
                        "http-hello-c" + c + v[0],
                        Server.valueOf(v[1]),
                        Server.valueOf(v[2]),
                        "c" + c,
                        "req/s",
                        "higher"));
            }
        }
        s.add(new Spec("http-hello-cpu", Server.OURS_URING, Server.NETTY_EPOLL, "cpu", "us/req", "lower"));
        s.add(new Spec("http-hello-cpu-nio", Server.OURS_NIO, Server.NETTY_EPOLL, "cpu", "us/req", "lower"));
        s.add(new Spec("http-hello-rss", Server.OURS_URING, Server.NETTY_EPOLL, "rss", "MiB", "lower"));
        s.add(new Spec("http-hello-rss-nio", Server.OURS_NIO, Server.NETTY_EPOLL, "rss", "MiB", "lower"));
        for (String[] v : new String[][] {{"", "OURS_URING_ECHO"}, {"-nio", "OURS_NIO_ECHO"}}) {
            s.add(new Spec(
                    "echo-64b" + v[0], Server.valueOf(v[1]), Server.NETTY_EPOLL_ECHO, "echo64", "MB/s", "higher"));
            s.add(new Spec(
                    "echo-16k" + v[0], Server.valueOf(v[1]), Server.NETTY_EPOLL_ECHO, "echo16384", "MB/s", "higher"));
        }
        return List.copyOf(s);
    }

    /**
     * How long each part runs.
     *
     * @param warmupSeconds the warm-up wrk run, and the echo client's uncounted start
     * @param seconds one measured run
     * @param repeats sessions per server (the median is quoted)
     */
    record Settings(int warmupSeconds, int seconds, int repeats) {
        static final Settings QUICK = new Settings(1, 2, 1);
        static final Settings FULL = new Settings(5, 10, 3);

        String summary() {
            return "servers on CPU " + SERVER_CPU + ", load (wrk -t1, EchoClient) on CPU " + LOAD_CPU + "; warm-up "
                    + warmupSeconds + " s, runs of " + seconds + " s, " + repeats
                    + (repeats == 1 ? " repeat" : " repeats (median)") + "; JVM flags: "
                    + String.join(" ", ServerProcess.JVM_FLAGS);
        }
    }

    @Override
    public List<Result> results() {
        return SPECS.stream()
                .map(s -> new Result(s.name(), s.ours().source(), s.peer().display))
                .toList();
    }

    @Override
    public Outcome measure(Run run) {
        List<Spec> selected =
                SPECS.stream().filter(s -> run.selected().contains(s.name())).toList();
        Settings settings = run.quick() ? Settings.QUICK : Settings.FULL;
        boolean http = selected.stream().anyMatch(s -> s.ours().http);
        String wrk = http ? requireTools() : null;
        requireTwoCpus();
        PrintWriter progress = run.progress();
        progress.println("io: " + settings.summary());
        progress.flush();
        Samples samples = new Samples();
        Map<Server, Set<String>> needs = needs(selected);
        List<Server> order = new ArrayList<>(needs.keySet());
        for (int r = 0; r < settings.repeats(); r++) {
            List<Server> round = new ArrayList<>(order);
            if (r % 2 == 1) {
                Collections.reverse(round); // the other half of the repeats in reverse order
            }
            for (Server server : round) {
                if (samples.cannotStart(server) != null || !useful(server, selected, samples)) {
                    continue; // it cannot start, or every row it serves lacks its other side
                }
                session(server, needs.get(server), settings, wrk, samples, progress);
            }
        }
        return outcome(selected, samples, settings.repeats(), settings.summary());
    }

    /** Whether some selected result pairs {@code server} with a server that has not failed to start. */
    static boolean useful(Server server, List<Spec> selected, Samples samples) {
        return selected.stream()
                .anyMatch(s -> (s.ours() == server && samples.cannotStart(s.peer()) == null)
                        || (s.peer() == server && samples.cannotStart(s.ours()) == null));
    }

    /** The metrics each server must give for the selected results, servers in enum order. */
    static Map<Server, Set<String>> needs(List<Spec> selected) {
        Map<Server, Set<String>> needs = new EnumMap<>(Server.class);
        for (Spec s : selected) {
            for (Server server : List.of(s.ours(), s.peer())) {
                Set<String> m = needs.computeIfAbsent(server, k -> new TreeSet<>());
                m.add(s.metric());
                if (s.metric().equals("cpu") || s.metric().equals("rss")) {
                    m.add("c200"); // both come from the 200-connection run
                }
            }
        }
        return needs;
    }

    private void session(
            Server server, Set<String> metrics, Settings settings, String wrk, Samples samples, PrintWriter progress) {
        ServerProcess p;
        try {
            p = ServerProcess.start(server.source(), SERVER_CPU, server.mainClass, server.argsWithPort());
        } catch (BenchException e) {
            samples.failedToStart(server, e.getMessage());
            progress.println("io: " + server.display + ": " + e.getMessage());
            progress.flush();
            return;
        }
        try (p) {
            if (server.http) {
                httpSession(server, p, metrics, settings, wrk, samples, progress);
            } else {
                echoSession(server, p, metrics, settings, samples, progress);
            }
        }
    }

    private static void httpSession(
            Server server,
            ServerProcess p,
            Set<String> metrics,
            Settings settings,
            String wrk,
            Samples samples,
            PrintWriter progress) {
        try {
            Wrk.parse(run(Wrk.command(wrk, LOAD_CPU, 200, settings.warmupSeconds(), p.host(), p.port()), settings));
        } catch (BenchException e) {
            metrics.forEach(m -> samples.failed(server, m, "the warm-up run failed: " + e.getMessage()));
            return;
        }
        for (int c : CONNECTIONS) {
            String metric = "c" + c;
            if (!metrics.contains(metric)) {
                continue;
            }
            try {
                p.checkAlive();
                long cpu0 = ProcStats.cpuMicros(p.pid());
                Wrk.Result w =
                        Wrk.parse(run(Wrk.command(wrk, LOAD_CPU, c, settings.seconds(), p.host(), p.port()), settings));
                long cpu1 = ProcStats.cpuMicros(p.pid());
                samples.add(server, metric, w.requestsPerSecond());
                String extra = "";
                if (c == 200) {
                    double cpu = (cpu1 - cpu0) / (double) w.requests();
                    double rss = ProcStats.peakRssBytes(p.pid()) / (1024.0 * 1024.0);
                    samples.add(server, "cpu", cpu);
                    samples.add(server, "rss", rss);
                    extra = String.format(Locale.ROOT, ", %.2f us/req, peak RSS %.1f MiB", cpu, rss);
                }
                progress.printf(
                        Locale.ROOT,
                        "io: %s http-hello c%d: %.0f req/s%s%n",
                        server.display,
                        c,
                        w.requestsPerSecond(),
                        extra);
            } catch (BenchException e) {
                samples.failed(server, metric, e.getMessage());
                if (c == 200) {
                    samples.failed(server, "cpu", e.getMessage());
                    samples.failed(server, "rss", e.getMessage());
                }
                progress.println("io: " + server.display + " http-hello c" + c + ": " + e.getMessage());
            }
            progress.flush();
        }
    }

    private static void echoSession(
            Server server,
            ServerProcess p,
            Set<String> metrics,
            Settings settings,
            Samples samples,
            PrintWriter progress) {
        for (int size : ECHO_SIZES) {
            String metric = "echo" + size;
            if (!metrics.contains(metric)) {
                continue;
            }
            try {
                p.checkAlive();
                List<String> command = ServerProcess.javaCommand(
                        LOAD_CPU,
                        EchoClient.class.getName(),
                        List.of(
                                p.host(),
                                Integer.toString(p.port()),
                                Integer.toString(size),
                                Integer.toString(ECHO_CONNECTIONS),
                                Integer.toString(settings.warmupSeconds()),
                                Integer.toString(settings.seconds())));
                double mbps = parseEcho(run(command, settings));
                samples.add(server, metric, mbps);
                progress.printf(Locale.ROOT, "io: %s echo %d B: %.2f MB/s%n", server.display, size, mbps);
            } catch (BenchException e) {
                samples.failed(server, metric, e.getMessage());
                progress.println("io: " + server.display + " echo " + size + " B: " + e.getMessage());
            }
            progress.flush();
        }
    }

    /** MB/s (10^6 bytes) of an {@link EchoClient} line. */
    static double parseEcho(String output) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "echo-client: messages (\\d+) bytes (\\d+) seconds ([0-9.]+)")
                .matcher(output);
        if (!m.find()) {
            throw new BenchException("the echo client printed no result: " + Wrk.abbreviate(output));
        }
        long bytes = Long.parseLong(m.group(2));
        double seconds = Double.parseDouble(m.group(3));
        if (bytes == 0 || seconds <= 0) {
            throw new BenchException("the echo client completed no message: " + Wrk.abbreviate(output));
        }
        return bytes / seconds / 1e6;
    }

    /**
     * Runs a load command to its end and returns its output (standard error included).
     *
     * @throws BenchException when it fails or overruns
     */
    private static String run(List<String> command, Settings settings) {
        try {
            Path out = Files.createTempFile("lockstep-io-load-", ".out");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
                long limit = settings.warmupSeconds() + settings.seconds() + 60L;
                if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new BenchException(command.get(3) + " did not finish within " + limit + " s");
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new BenchException(String.join(" ", command.subList(3, Math.min(command.size(), 6)))
                            + "... exited with code " + p.exitValue() + ": " + Wrk.abbreviate(text));
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new BenchException("cannot run " + command.get(3) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while the load ran", e);
        }
    }

    /**
     * wrk and taskset must be installed.
     *
     * @return the wrk executable
     * @throws BenchException naming the package to install
     */
    static String requireTools() {
        if (onPath("taskset") == null) {
            throw new BenchException("the io suite pins its servers and load with taskset, which is not installed;"
                    + " install it with apt-get install util-linux");
        }
        Path wrk = onPath("wrk");
        if (wrk == null) {
            throw new BenchException("the io suite loads its HTTP servers with wrk, which is not installed (not on"
                    + " PATH); install it with " + Wrk.INSTALL + " (Debian package wrk)");
        }
        return wrk.toString();
    }

    private static void requireTwoCpus() {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
            throw new BenchException("the io suite pins the server to CPU " + SERVER_CPU + " and the load to CPU "
                    + LOAD_CPU + "; this machine gives the JVM " + cpus + " CPU");
        }
    }

    static Path onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Values and failures of every session, by server and metric. */
    static final class Samples {
        private final Map<Server, Map<String, List<Double>>> values = new EnumMap<>(Server.class);
        private final Map<Server, Map<String, String>> failures = new EnumMap<>(Server.class);
        private final Map<Server, String> startFailures = new EnumMap<>(Server.class);

        void add(Server s, String metric, double v) {
            values.computeIfAbsent(s, k -> new LinkedHashMap<>())
                    .computeIfAbsent(metric, k -> new ArrayList<>())
                    .add(v);
        }

        void failed(Server s, String metric, String reason) {
            failures.computeIfAbsent(s, k -> new LinkedHashMap<>()).putIfAbsent(metric, reason);
        }

        void failedToStart(Server s, String reason) {
            startFailures.putIfAbsent(s, reason);
        }

        String cannotStart(Server s) {
            return startFailures.get(s);
        }

        /** Why {@code s} has no valid {@code metric}, or null when it has one value per repeat. */
        String problem(Server s, String metric, int repeats) {
            if (startFailures.containsKey(s)) {
                return startFailures.get(s); // names the server's command and quotes its error
            }
            String f = failures.getOrDefault(s, Map.of()).get(metric);
            if (f != null) {
                return s.display + ": " + f;
            }
            int n = values(s, metric).size();
            return n == repeats ? null : s.display + " gave " + n + " of " + repeats + " values";
        }

        List<Double> values(Server s, String metric) {
            return values.getOrDefault(s, Map.of()).getOrDefault(metric, List.of());
        }
    }

    /** The values of the selected results, or why each is missing. */
    static Outcome outcome(List<Spec> selected, Samples samples, int repeats, String settings) {
        List<Value> values = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        for (Spec s : selected) {
            String problem = samples.problem(s.ours(), s.metric(), repeats);
            if (problem == null) {
                problem = samples.problem(s.peer(), s.metric(), repeats);
            }
            if (problem != null) {
                missing.put(s.name(), problem);
                continue;
            }
            values.add(new Value(
                    s.name(),
                    s.unit(),
                    s.better(),
                    median(samples.values(s.ours(), s.metric())),
                    s.ours().source(),
                    s.peer().display,
                    median(samples.values(s.peer(), s.metric())),
                    s.peer().source()));
        }
        return new Outcome(values, missing, settings);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of no values");
        }
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
