package dev.lockstep.cli;

import dev.lockstep.cluster.ClusterConfig;
import dev.lockstep.cluster.ClusterMember;
import dev.lockstep.cluster.DistributedEngine;
import dev.lockstep.cluster.MonteCarloPi;
import dev.lockstep.core.Future;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep cluster submit --tasks N}: joins the cluster, submits the {@link MonteCarloPi}
 * job's N slices through {@link DistributedEngine#submit}, advances a {@link Progress} bar as their
 * futures complete (completion callbacks, in whatever order the members finish), then prints the
 * estimate of pi, the samples, the hits, the members and the elapsed time, and leaves the cluster.
 *
 * <p>By default this process joins as a full member, so the job runs even with no other member (and
 * this process takes its share of the slices). With {@code --lite} it joins as a lite member, which
 * runs nothing: it waits at most {@code --wait} for a full member to be there and fails (exit 1)
 * saying so if none is, rather than wait forever. A slice that fails fails the command (exit 1)
 * with the first failure; no partial estimate is printed.
 *
 * <p>The hits are a function of {@code --seed}, {@code --tasks} and {@code --samples-per-task} alone
 * (each slice has its own seed), whatever the members and however the slices are spread.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = {
            "Joins the cluster (as a full member; --lite: only submit), runs a Monte-Carlo pi job of --tasks"
                    + " slices on it with a progress bar, prints the estimate and leaves."
        })
final class ClusterSubmitCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ClusterCommand.ClusterOptions cluster;

    @Option(names = "--tasks", required = true, paramLabel = "N", description = "Slices of the job (1 or more).")
    int tasks;

    @Option(
            names = "--samples-per-task",
            paramLabel = "M",
            description = "Random points per slice (default ${DEFAULT-VALUE}).")
    long samplesPerTask = 1_000_000;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of the job; each slice's seed is drawn from it (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--lite", description = "Join as a lite member: submit only, run no slice.")
    boolean lite;

    @Option(
            names = "--wait",
            paramLabel = "DURATION",
            converter = ClusterCommand.DurationConverter.class,
            description = "With --lite: how long to wait for a full member to run the job (default 10s).")
    Duration waitForMember = Duration.ofSeconds(10);

    /** The job's outcome, as printed. */
    record Outcome(long hits, long samples, int tasks, int fullMembers, int members, Duration elapsed) {
        double estimate() {
            return MonteCarloPi.estimate(hits, samples);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cmd = spec.commandLine();
        if (tasks < 1) {
            throw new ParameterException(cmd, "--tasks must be 1 or more, not " + tasks);
        }
        if (samplesPerTask < 1) {
            throw new ParameterException(cmd, "--samples-per-task must be 1 or more, not " + samplesPerTask);
        }
        if (waitForMember.isNegative()) {
            throw new ParameterException(cmd, "--wait must not be negative, not " + waitForMember);
        }
        long samples;
        try {
            samples = Math.multiplyExact(tasks, samplesPerTask);
        } catch (ArithmeticException e) {
            throw new ParameterException(
                    cmd, "--tasks " + tasks + " times --samples-per-task " + samplesPerTask + " overflows a long");
        }
        ClusterConfig config = cluster.config(cmd, lite);
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        ClusterMember member = ClusterCommand.start(config, cmd, "submit");
        if (member == null) {
            return ClusterCommand.FAILED;
        }
        try (member) {
            int full = awaitFullMember(member, lite ? waitForMember : Duration.ZERO);
            if (full == 0) {
                err.println("lockstep cluster submit: --lite: no full member of cluster " + config.clusterName()
                        + " joined within " + waitForMember.toMillis() + " ms (ports " + config.portBase() + ".."
                        + (config.portBase() + config.portCount() - 1)
                        + "); a lite member runs no task: start one with `lockstep cluster member`"
                        + " or submit without --lite");
                err.flush();
                return ClusterCommand.FAILED;
            }
            List<MonteCarloPi.Slice> slices = MonteCarloPi.slices(seed, tasks, samplesPerTask);
            long start = System.nanoTime();
            long hits;
            try {
                hits = run(member.engine(), slices, full);
            } catch (SliceFailedException e) {
                err.println("lockstep cluster submit: " + e.getMessage());
                err.flush();
                return ClusterCommand.FAILED;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            print(out, new Outcome(hits, samples, tasks, full, member.members().size(), elapsed), config);
            return 0;
        }
    }

    /** A slice of the job failed; the message names it and quotes its failure. */
    static final class SliceFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SliceFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Submits every slice, steps the bar on each completion, waits for the last; returns the hits. */
    private static long run(DistributedEngine engine, List<MonteCarloPi.Slice> slices, int full)
            throws InterruptedException {
        LongAdder hits = new LongAdder();
        CountDownLatch done = new CountDownLatch(slices.size());
        AtomicReference<SliceFailedException> failure = new AtomicReference<>();
        Object bar = new Object();
        try (Progress progress = Progress.start("pi", slices.size())) {
            progress.message(full + (full == 1 ? " member" : " members"));
            for (int i = 0; i < slices.size(); i++) {
                int index = i;
                Future<Long> f = engine.submit(slices.get(i));
                f.onComplete((value, cause) -> {
                    if (cause == null) {
                        hits.add(value);
                    } else {
                        failure.compareAndSet(
                                null,
                                new SliceFailedException(
                                        "slice " + index + " of " + slices.size() + " failed: " + cause, cause));
                    }
                    synchronized (
                            bar) { // callbacks run on several Hazelcast response threads; Progress is not thread-safe
                        progress.step();
                    }
                    done.countDown();
                });
            }
            done.await();
        }
        SliceFailedException f = failure.get();
        if (f != null) {
            throw f; // never a partial estimate
        }
        return hits.sum();
    }

    /** Full members (those that run tasks) after waiting at most {@code wait} for at least one. */
    private static int awaitFullMember(ClusterMember member, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            int full = (int)
                    member.members().stream().filter(m -> !m.isLiteMember()).count();
            if (full > 0 || System.nanoTime() - deadline >= 0) {
                return full;
            }
            Thread.sleep(50);
        }
    }

    private void print(PrintWriter out, Outcome o, ClusterConfig config) {
        double seconds = o.elapsed().toNanos() / 1e9;
        out.printf(Locale.ROOT, "pi        %.7f (error %.7f)%n", o.estimate(), Math.abs(o.estimate() - Math.PI));
        out.printf(
                Locale.ROOT,
                "samples   %d (%d tasks x %d samples, seed %d)%n",
                o.samples(),
                o.tasks(),
                samplesPerTask,
                seed);
        out.printf(Locale.ROOT, "hits      %d%n", o.hits());
        out.printf(
                Locale.ROOT,
                "members   %d running tasks, %d in cluster %s%s%n",
                o.fullMembers(),
                o.members(),
                config.clusterName(),
                lite ? " (this one lite)" : " (this one included)");
        out.printf(Locale.ROOT, "elapsed   %.3f s (%.1f million samples/s)%n", seconds, o.samples() / seconds / 1e6);
        out.flush();
    }
}
