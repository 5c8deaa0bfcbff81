package dev.lockstep.bench.cluster;

import com.hazelcast.core.IExecutorService;
import dev.lockstep.bench.BenchException;
import dev.lockstep.bench.ExternalSuite;
import dev.lockstep.cluster.ClusterConfig;
import dev.lockstep.cluster.ClusterMember;
import dev.lockstep.cluster.DistributedEngine;
import dev.lockstep.cluster.MemberProcess;
import dev.lockstep.cluster.MonteCarloPi;
import dev.lockstep.core.Engine;
import dev.lockstep.core.Future;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The cluster suite's driver ({@link ExternalSuite}). Guide: docs/cluster-bench.md.
 *
 * <p>{@value #TINY}: tasks per second of {@link Tiny} tasks on a two-member loopback cluster, member
 * 1 a {@link ClusterMember} in this JVM (the caller), member 2 a {@link MemberProcess}; ours submits
 * through {@link DistributedEngine#submit}, the peer through Hazelcast's {@link IExecutorService}
 * ({@value #PEER_EXECUTOR}, same default configuration as lockstep's executor) directly, both with
 * the same window of tasks in flight ({@link TaskWindow}). After a warm-up per side, the sides
 * alternate (in reverse order on every other repeat) and each value is the median over the repeats.
 *
 * <p>{@value #PI}: milliseconds for one Monte-Carlo pi job ({@link MonteCarloPi}, fixed seed and
 * size); ours submits the slices through {@link DistributedEngine#submit} from a lite member in this
 * JVM to two {@link MemberProcess} members, the peer runs the same slices on a local {@link Engine}
 * of two workers in this JVM. Every run's hits must equal the first run's, on both sides.
 *
 * <p>Each result runs on a cluster of its own (a unique name, free loopback ports); a result whose
 * cluster cannot start or whose run fails its check is reported unmeasured with the reason.
 */
public final class ClusterSuite implements ExternalSuite {
    static final String TINY = "cluster-tiny-tasks";
    static final String PI = "cluster-pi";

    /** The peer's executor: another name than DistributedEngine's, Hazelcast's default configuration. */
    static final String PEER_EXECUTOR = "lockstep-bench-peer";

    static final String TINY_PEER = "Hazelcast IExecutorService";
    static final String PI_PEER = "local Engine";

    /** Workers of the pi peer: the two member processes together have this machine's two cores. */
    static final int PI_WORKERS = 2;

    /** Seed of the pi job. */
    static final long PI_SEED = 2026;

    /**
     * How long and how much each part runs.
     *
     * @param warmupMillis per side, before the repeats of {@value #TINY}
     * @param runMillis one measured {@value #TINY} run
     * @param repeats measured runs per side, both results (the median is quoted)
     * @param window {@value #TINY}'s tasks in flight
     * @param piSlices slices of the pi job
     * @param piSamplesPerSlice points per slice
     * @param piWarmups unmeasured pi jobs per side before the repeats
     */
    record Settings(
            long warmupMillis,
            long runMillis,
            int repeats,
            int window,
            int piSlices,
            long piSamplesPerSlice,
            int piWarmups) {
        static final Settings QUICK = new Settings(2_000, 2_000, 3, 1024, 64, 8_000_000, 1);
        static final Settings FULL = new Settings(5_000, 5_000, 5, 1024, 64, 16_000_000, 2);

        String summary() {
            return String.format(
                    Locale.ROOT,
                    "%s: window %d, warm-up %d ms per side, runs of %d ms; %s: %d slices x %d samples,"
                            + " %d warm-up job(s) per side, peer %d workers; %d repeats per side, alternating"
                            + " (median); member processes: -Xmx512m",
                    TINY,
                    window,
                    warmupMillis,
                    runMillis,
                    PI,
                    piSlices,
                    piSamplesPerSlice,
                    piWarmups,
                    PI_WORKERS,
                    repeats);
        }
    }

    private final Settings quick;
    private final Settings full;

    public ClusterSuite() {
        this(Settings.QUICK, Settings.FULL);
    }

    /** With other settings (tests). */
    ClusterSuite(Settings quick, Settings full) {
        this.quick = quick;
        this.full = full;
    }

    @Override
    public List<Result> results() {
        return List.of(
                new Result(TINY, "DistributedEngine.submit, 2 members (this JVM + a process)", TINY_PEER),
                new Result(PI, "DistributedEngine.submit from a lite member to 2 member processes", PI_PEER));
    }

    @Override
    public Outcome measure(Run run) {
        Settings settings = run.quick() ? quick : full;
        PrintWriter progress = run.progress();
        say(progress, "cluster: " + settings.summary());
        List<Value> values = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        if (run.selected().contains(TINY)) {
            measureOne(TINY, () -> tinyTasks(settings, progress), values, missing, progress);
        }
        if (run.selected().contains(PI)) {
            measureOne(PI, () -> pi(settings, progress), values, missing, progress);
        }
        return new Outcome(values, missing, settings.summary());
    }

    private static void measureOne(
            String name,
            Callable<Value> measure,
            List<Value> values,
            Map<String, String> missing,
            PrintWriter progress) {
        try {
            values.add(measure.call());
        } catch (Exception e) { // a cluster that cannot start, a failed check: this result only
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            missing.put(name, reason);
            say(progress, "cluster: " + name + ": " + reason);
        }
    }

    // ---- cluster-tiny-tasks ----

    private static Value tinyTasks(Settings s, PrintWriter progress) {
        ClusterConfig config = loopback(2);
        try (ClusterMember caller = ClusterMember.start(config);
                MemberProcess other = MemberProcess.start(config)) {
            awaitMembers(caller, 2);
            DistributedEngine engine = caller.engine();
            IExecutorService executor = caller.hazelcast().getExecutorService(PEER_EXECUTOR);
            TaskWindow.Side ours = (task, done) -> engine.submit(task).onComplete(done);
            TaskWindow.Side peer = (task, done) -> stage(executor.submit(task)).whenComplete(done);
            TaskWindow.run(TINY + " (ours, warm-up)", ours, s.window(), millis(s.warmupMillis()));
            TaskWindow.run(TINY + " (peer, warm-up)", peer, s.window(), millis(s.warmupMillis()));
            List<Double> oursRates = new ArrayList<>();
            List<Double> peerRates = new ArrayList<>();
            for (int r = 0; r < s.repeats(); r++) {
                for (boolean oursTurn : order(r)) {
                    String name = TINY + (oursTurn ? " (ours)" : " (peer)");
                    TaskWindow.Sample sample =
                            TaskWindow.run(name, oursTurn ? ours : peer, s.window(), millis(s.runMillis()));
                    (oursTurn ? oursRates : peerRates).add(sample.tasksPerSecond());
                    say(
                            progress,
                            String.format(
                                    Locale.ROOT,
                                    "cluster: %s: %.0f tasks/s (%d tasks)",
                                    name,
                                    sample.tasksPerSecond(),
                                    sample.tasks()));
                }
            }
            return new Value(
                    TINY,
                    "tasks/s",
                    "higher",
                    median(oursRates),
                    "DistributedEngine.submit",
                    TINY_PEER,
                    median(peerRates),
                    "IExecutorService.submit");
        }
    }

    /** Hazelcast's executor futures are CompletionStages (InternalCompletableFuture). */
    @SuppressWarnings("unchecked")
    static <T> CompletionStage<T> stage(java.util.concurrent.Future<T> f) {
        if (!(f instanceof CompletionStage<?> stage)) {
            throw new BenchException(
                    "Hazelcast's executor future " + f.getClass().getName() + " is not a CompletionStage");
        }
        return (CompletionStage<T>) stage;
    }

    // ---- cluster-pi ----

    private static Value pi(Settings s, PrintWriter progress) {
        ClusterConfig config = loopback(3);
        List<MonteCarloPi.Slice> slices = MonteCarloPi.slices(PI_SEED, s.piSlices(), s.piSamplesPerSlice());
        try (MemberProcess a = MemberProcess.start(config);
                MemberProcess b = MemberProcess.start(config);
                ClusterMember caller = ClusterMember.start(config.withLiteMember(true));
                Engine local = Engine.builder()
                        .name("cluster-pi-peer")
                        .workers(PI_WORKERS)
                        .build()) {
            awaitMembers(caller, 3);
            DistributedEngine engine = caller.engine();
            Function<MonteCarloPi.Slice, Future<Long>> ours = engine::submit;
            Function<MonteCarloPi.Slice, Future<Long>> peer = local::submit;
            long reference = -1;
            for (int w = 0; w < s.piWarmups(); w++) {
                reference = check(reference, job(slices, ours), "ours, warm-up");
                reference = check(reference, job(slices, peer), "peer, warm-up");
            }
            List<Double> oursMillis = new ArrayList<>();
            List<Double> peerMillis = new ArrayList<>();
            for (int r = 0; r < s.repeats(); r++) {
                for (boolean oursTurn : order(r)) {
                    long start = System.nanoTime();
                    long hits = job(slices, oursTurn ? ours : peer);
                    double ms = (System.nanoTime() - start) / 1e6;
                    reference = check(reference, hits, oursTurn ? "ours" : "peer");
                    (oursTurn ? oursMillis : peerMillis).add(ms);
                    say(
                            progress,
                            String.format(
                                    Locale.ROOT,
                                    "cluster: %s (%s): %.1f ms, pi ~ %.6f",
                                    PI,
                                    oursTurn ? "ours" : "peer",
                                    ms,
                                    MonteCarloPi.estimate(hits, slices.size() * s.piSamplesPerSlice())));
                }
            }
            return new Value(
                    PI,
                    "ms",
                    "lower",
                    median(oursMillis),
                    "DistributedEngine.submit, 2 member processes",
                    PI_PEER,
                    median(peerMillis),
                    "Engine.submit, " + PI_WORKERS + " workers");
        }
    }

    /** Runs every slice through {@code submit}, waits for all by completion callbacks, returns the hits. */
    static long job(List<MonteCarloPi.Slice> slices, Function<MonteCarloPi.Slice, Future<Long>> submit) {
        LongAdder hits = new LongAdder();
        CountDownLatch done = new CountDownLatch(slices.size());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (MonteCarloPi.Slice slice : slices) {
            submit.apply(slice).onComplete((v, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    hits.add(v);
                }
                done.countDown();
            });
        }
        try {
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new BenchException(PI + ": the job did not finish within 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(PI + ": interrupted", e);
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new BenchException(PI + ": a slice failed: " + f, f);
        }
        return hits.sum();
    }

    /** The first job's hits become the reference every later job (either side) must equal. */
    static long check(long reference, long hits, String side) {
        if (reference >= 0 && hits != reference) {
            throw new BenchException(PI + " (" + side + "): " + hits + " hits, but the first job had " + reference
                    + ": the same slices must give the same total");
        }
        return hits;
    }

    // ---- shared ----

    /** Ours first on even repeats, the peer first on odd ones. */
    static List<Boolean> order(int repeat) {
        return repeat % 2 == 0 ? List.of(true, false) : List.of(false, true);
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

    private static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private static void say(PrintWriter progress, String line) {
        progress.println(line);
        progress.flush();
    }

    /** A loopback cluster of its own: a unique name and {@code ports} free consecutive ports. */
    static ClusterConfig loopback(int ports) {
        return ClusterConfig.loopbackOnFreePorts("lockstep-bench-" + UUID.randomUUID(), ports);
    }

    /** Waits until {@code member} sees {@code count} members (at most a minute). */
    static void awaitMembers(ClusterMember member, int count) {
        try {
            if (!member.awaitMembers(count, Duration.ofMinutes(1))) {
                throw new BenchException(
                        member + " sees " + member.members().size() + " members after a minute, not " + count);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while the cluster formed", e);
        }
    }
}
