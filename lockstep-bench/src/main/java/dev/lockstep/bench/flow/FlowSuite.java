package dev.lockstep.bench.flow;

import dev.lockstep.bench.BenchException;
import dev.lockstep.bench.ExternalSuite;
import dev.lockstep.bench.io.ProcStats;
import dev.lockstep.bench.io.ServerProcess;
import dev.lockstep.bench.io.Wrk;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The flow suite's driver ({@link ExternalSuite}): a lockstep-flow server ({@link #OURS_MAIN})
 * against Helidon 4 SE ({@link HelidonFlowServer}) and Vert.x 5 ({@link VertxFlowServer}) on three
 * routes, {@code /hello}, {@code /need3} (three parallel calls to a backend that answers after 5
 * ms) and {@code /sqlite?id=N} (one row through JDBC). Guide: docs/flow-bench.md.
 *
 * <p>Placement on the 2-core machine: each server in its own JVM pinned to CPU {@value
 * #SERVER_CPU} with the io suite's flags ({@link ServerProcess#JVM_FLAGS}); wrk ({@code -t1},
 * keep-alive) pinned to CPU {@value #LOAD_CPU}; the {@link FlowBackend} also on CPU {@value
 * #LOAD_CPU}, in one JVM for the whole run, so that the measured server has its core to itself and
 * its CPU time is its own.
 *
 * <p>A server session: start the server, then per route: one warm-up wrk run at {@value
 * #CONNECTIONS} connections (its figures and errors discarded: a cold server may time out its
 * first {@code /need3} requests while it opens its 600 backend connections), one measured run at {@value #CONNECTIONS} connections with {@code
 * --latency}; around the measured run the server's CPU time is read from {@code /proc}. One run
 * gives the three values of a route: requests per second ({@code flow-R}), wrk's 99th percentile
 * latency ({@code flow-R-p99}, ms) and the server's CPU microseconds per completed request
 * ({@code flow-R-cpu}). Sessions alternate the servers, in reverse order on every other repeat;
 * each value is the median over the repeats (quick: 1, full: 3). A server that cannot start leaves
 * its results unmeasured with its reason; a run that fails (socket errors, non-2xx responses)
 * leaves that route's results unmeasured with wrk's numbers.
 */
public final class FlowSuite implements ExternalSuite {
    /**
     * Lockstep's side: a main class taking the peers' arguments ({@link FlowArgs}) and printing
     * {@code listening on HOST:PORT}. It comes with lockstep-flow's HTTP server; until it is on the
     * classpath, {@link #measure} fails saying so.
     */
    public static final String OURS_MAIN = "dev.lockstep.bench.flow.LockstepFlowServer";

    static final int SERVER_CPU = 0;
    static final int LOAD_CPU = 1;

    /** wrk's connections in every run (one count per result, as the issue names no count). */
    static final int CONNECTIONS = 200;

    /** A server the suite starts. */
    enum Server {
        OURS("Lockstep flow", null),
        HELIDON("Helidon 4.5.0 SE", HelidonFlowServer.class.getName()),
        VERTX("Vert.x 5.1.6", VertxFlowServer.class.getName());

        final String display;
        private final String mainClass;

        Server(String display, String mainClass) {
            this.display = display;
            this.mainClass = mainClass;
        }

        String mainClass(String oursMain) {
            return mainClass == null ? oursMain : mainClass;
        }

        String source(String oursMain) {
            String m = mainClass(oursMain);
            return m.substring(m.lastIndexOf('.') + 1);
        }
    }

    /** A route wrk loads. */
    enum Route {
        HELLO("hello", "/hello", "/hello"),
        NEED3("need3", "/need3", "/need3"),
        SQLITE("sqlite", "/sqlite?id=1", "/sqlite?id=1.." + Items.ROWS);

        final String name;
        /** The URL path (for SQLITE the Lua script replaces it per request). */
        final String path;
        /** What the rows show as the path. */
        final String label;

        Route(String name, String path, String label) {
            this.name = name;
            this.path = path;
            this.label = label;
        }
    }

    /** What a result reports of a route's measured run. */
    enum Kind {
        RPS("", "req/s", "higher"),
        P99("-p99", "ms", "lower"),
        CPU("-cpu", "us/req", "lower");

        final String suffix;
        final String unit;
        final String better;

        Kind(String suffix, String unit, String better) {
            this.suffix = suffix;
            this.unit = unit;
            this.better = better;
        }
    }

    /** One result: a kind of a route, ours against one peer. */
    record Spec(String name, Route route, Kind kind, Server peer) {}

    /**
     * Every result, in report order: the names against Helidon, the same names with {@code
     * -vertx} against Vert.x (the io suite's way of naming a second peer).
     */
    static final List<Spec> SPECS = specs();

    private static List<Spec> specs() {
        List<Spec> s = new ArrayList<>();
        for (Server peer : List.of(Server.HELIDON, Server.VERTX)) {
            String suffix = peer == Server.HELIDON ? "" : "-vertx";
            for (Route r : Route.values()) {
                for (Kind k : Kind.values()) {
                    s.add(new Spec("flow-" + r.name + k.suffix + suffix, r, k, peer));
                }
            }
        }
        return List.copyOf(s);
    }

    /**
     * How long each part runs.
     *
     * @param warmupSeconds the warm-up run before each measured run
     * @param seconds one measured run
     * @param repeats sessions per server (the median is quoted)
     */
    record Settings(int warmupSeconds, int seconds, int repeats) {
        static final Settings QUICK = new Settings(2, 2, 1);
        static final Settings FULL = new Settings(5, 10, 3);

        String summary() {
            return "servers on CPU " + SERVER_CPU + ", wrk -t1 -c" + CONNECTIONS + " and the backend (/slow after "
                    + FlowBackend.DELAY_MILLIS + " ms) on CPU " + LOAD_CPU + "; per route a warm-up of "
                    + warmupSeconds + " s, a run of " + seconds + " s; " + repeats
                    + (repeats == 1 ? " repeat" : " repeats (median)") + "; JVM flags: "
                    + String.join(" ", ServerProcess.JVM_FLAGS);
        }
    }

    private final String oursMain;

    public FlowSuite() {
        this(OURS_MAIN);
    }

    /** With another class as Lockstep's side (tests). */
    FlowSuite(String oursMain) {
        this.oursMain = oursMain;
    }

    @Override
    public List<Result> results() {
        return SPECS.stream()
                .map(s -> new Result(s.name(), Server.OURS.source(oursMain) + " " + s.route().label, s.peer().display))
                .toList();
    }

    @Override
    public Outcome measure(Run run) {
        requireOurs(oursMain);
        List<Spec> selected =
                SPECS.stream().filter(s -> run.selected().contains(s.name())).toList();
        Settings settings = run.quick() ? Settings.QUICK : Settings.FULL;
        String wrk = requireTools();
        requireTwoCpus();
        PrintWriter progress = run.progress();
        progress.println("flow: " + settings.summary());
        progress.flush();
        Map<Server, Set<Route>> needs = needs(selected);
        Samples samples = new Samples();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("lockstep-flow-bench-");
            Path db = dir.resolve("items.db");
            Items.seed(db);
            Path script = Files.writeString(dir.resolve("sqlite.lua"), FlowWrk.SQLITE_SCRIPT, StandardCharsets.UTF_8);
            try (ServerProcess backend = ServerProcess.start(
                    "flow backend", LOAD_CPU, FlowBackend.class.getName(), List.of("--port", "0"))) {
                List<Server> order = new ArrayList<>(needs.keySet());
                for (int r = 0; r < settings.repeats(); r++) {
                    List<Server> round = new ArrayList<>(order);
                    if (r % 2 == 1) {
                        Collections.reverse(round); // the other half of the repeats in reverse order
                    }
                    for (Server server : round) {
                        if (samples.cannotStart(server) != null) {
                            continue;
                        }
                        backend.checkAlive();
                        FlowArgs args = new FlowArgs(0, backend.port(), db);
                        session(server, needs.get(server), args, script, settings, wrk, samples, progress);
                    }
                }
            }
        } catch (IOException e) {
            throw new BenchException("flow: cannot prepare the SQLite file or wrk's script: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
        return outcome(selected, samples, settings.repeats(), settings.summary());
    }

    /**
     * Lockstep's server class must be on the classpath.
     *
     * @throws BenchException naming the class when it is not
     */
    static void requireOurs(String oursMain) {
        try {
            Class.forName(oursMain, false, FlowSuite.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new BenchException("the flow suite's Lockstep side, " + oursMain
                    + ", is not on the classpath: it is written once lockstep-flow's HTTP server and pipelines"
                    + " land; every row compares against it, so nothing was run");
        }
    }

    /** The routes each server must run for the selected results, servers in enum order. */
    static Map<Server, Set<Route>> needs(List<Spec> selected) {
        Map<Server, Set<Route>> needs = new EnumMap<>(Server.class);
        for (Spec s : selected) {
            for (Server server : List.of(Server.OURS, s.peer())) {
                needs.computeIfAbsent(server, k -> EnumSet.noneOf(Route.class)).add(s.route());
            }
        }
        return needs;
    }

    private void session(
            Server server,
            Set<Route> routes,
            FlowArgs args,
            Path script,
            Settings settings,
            String wrk,
            Samples samples,
            PrintWriter progress) {
        ServerProcess p;
        try {
            p = ServerProcess.start(server.source(oursMain), SERVER_CPU, server.mainClass(oursMain), args.toArgs());
        } catch (BenchException e) {
            samples.failedToStart(server, e.getMessage());
            progress.println("flow: " + server.display + ": " + e.getMessage());
            progress.flush();
            return;
        }
        try (p) {
            for (Route route : routes) {
                Path s = route == Route.SQLITE ? script : null;
                try {
                    p.checkAlive();
                    run( // the warm-up's figures and errors are discarded: a cold server may time out its first
                            // requests
                            FlowWrk.command(
                                    wrk,
                                    LOAD_CPU,
                                    CONNECTIONS,
                                    settings.warmupSeconds(),
                                    p.host(),
                                    p.port(),
                                    route.path,
                                    s),
                            settings);
                    long cpu0 = ProcStats.cpuMicros(p.pid());
                    FlowWrk.Result w = FlowWrk.parse(run(
                            FlowWrk.command(
                                    wrk, LOAD_CPU, CONNECTIONS, settings.seconds(), p.host(), p.port(), route.path, s),
                            settings));
                    long cpu1 = ProcStats.cpuMicros(p.pid());
                    double cpu = (cpu1 - cpu0) / (double) w.requests();
                    samples.add(server, route, Kind.RPS, w.requestsPerSecond());
                    samples.add(server, route, Kind.P99, w.p99Millis());
                    samples.add(server, route, Kind.CPU, cpu);
                    progress.printf(
                            Locale.ROOT,
                            "flow: %s %s: %.0f req/s, p99 %.2f ms, %.2f us/req%n",
                            server.display,
                            route.name,
                            w.requestsPerSecond(),
                            w.p99Millis(),
                            cpu);
                } catch (BenchException e) {
                    samples.failed(server, route, e.getMessage());
                    progress.println("flow: " + server.display + " " + route.name + ": " + e.getMessage());
                }
                progress.flush();
            }
        }
    }

    /**
     * Runs wrk to its end and returns its output (standard error included).
     *
     * @throws BenchException when it fails or overruns
     */
    private static String run(List<String> command, Settings settings) {
        try {
            Path out = Files.createTempFile("lockstep-flow-load-", ".out");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
                long limit = settings.warmupSeconds() + settings.seconds() + 60L;
                if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new BenchException("wrk did not finish within " + limit + " s");
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new BenchException("wrk (" + command.getLast() + ") exited with code " + p.exitValue() + ": "
                            + Wrk.abbreviate(text));
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new BenchException("cannot run wrk: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while wrk ran", e);
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
            throw new BenchException("the flow suite pins its servers and load with taskset, which is not installed;"
                    + " install it with apt-get install util-linux");
        }
        Path wrk = onPath("wrk");
        if (wrk == null) {
            throw new BenchException("the flow suite loads its servers with wrk, which is not installed (not on"
                    + " PATH); install it with " + Wrk.INSTALL + " (Debian package wrk)");
        }
        return wrk.toString();
    }

    private static void requireTwoCpus() {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
            throw new BenchException("the flow suite pins the server to CPU " + SERVER_CPU + " and the load to CPU "
                    + LOAD_CPU + "; this machine gives the JVM " + cpus + " CPU");
        }
    }

    private static Path onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a temp directory; the OS cleans it
        }
    }

    /** Values and failures of every session, by server, route and kind. */
    static final class Samples {
        private final Map<Server, Map<String, List<Double>>> values = new EnumMap<>(Server.class);
        private final Map<Server, Map<Route, String>> failures = new EnumMap<>(Server.class);
        private final Map<Server, String> startFailures = new EnumMap<>(Server.class);

        private static String key(Route r, Kind k) {
            return r.name + k.suffix;
        }

        void add(Server s, Route r, Kind k, double v) {
            values.computeIfAbsent(s, x -> new LinkedHashMap<>())
                    .computeIfAbsent(key(r, k), x -> new ArrayList<>())
                    .add(v);
        }

        void failed(Server s, Route r, String reason) {
            failures.computeIfAbsent(s, x -> new EnumMap<>(Route.class)).putIfAbsent(r, reason);
        }

        void failedToStart(Server s, String reason) {
            startFailures.putIfAbsent(s, reason);
        }

        String cannotStart(Server s) {
            return startFailures.get(s);
        }

        /** Why {@code s} has no valid value of {@code r}/{@code k}, or null when it has one per repeat. */
        String problem(Server s, Route r, Kind k, int repeats) {
            if (startFailures.containsKey(s)) {
                return startFailures.get(s); // names the server's class and quotes its error
            }
            String f = failures.getOrDefault(s, Map.of()).get(r);
            if (f != null) {
                return s.display + " " + r.name + ": " + f;
            }
            int n = values(s, r, k).size();
            return n == repeats ? null : s.display + " gave " + n + " of " + repeats + " values";
        }

        List<Double> values(Server s, Route r, Kind k) {
            return values.getOrDefault(s, Map.of()).getOrDefault(key(r, k), List.of());
        }
    }

    /** The values of the selected results, or why each is missing. */
    Outcome outcome(List<Spec> selected, Samples samples, int repeats, String settings) {
        List<Value> values = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        for (Spec s : selected) {
            String problem = samples.problem(Server.OURS, s.route(), s.kind(), repeats);
            if (problem == null) {
                problem = samples.problem(s.peer(), s.route(), s.kind(), repeats);
            }
            if (problem != null) {
                missing.put(s.name(), problem);
                continue;
            }
            values.add(new Value(
                    s.name(),
                    s.kind().unit,
                    s.kind().better,
                    median(samples.values(Server.OURS, s.route(), s.kind())),
                    Server.OURS.source(oursMain) + " " + s.route().label,
                    s.peer().display,
                    median(samples.values(s.peer(), s.route(), s.kind())),
                    s.peer().source(oursMain) + " " + s.route().label));
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
