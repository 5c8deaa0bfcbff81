package dev.lockstep.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * The sample job of {@code lockstep cluster submit} and of the {@code cluster-pi} benchmark:
 * Monte-Carlo pi, split into {@link Slice} tasks that each throw {@code samples} points into the
 * unit square and count those inside the quarter circle.
 *
 * <p>Every slice has its own seed, drawn from the job's seed, so a job's total is a function of
 * (seed, tasks, samples per task) alone: wherever and however often the slices run, the sum of the
 * hits is the same number. Tests use that to check that a job survived a lost member exactly once.
 */
public final class MonteCarloPi {
    private MonteCarloPi() {}

    /** One task of the job: {@code samples} points from {@code seed}; returns the hits. */
    public record Slice(long seed, long samples) implements Callable<Long>, Serializable {
        public Slice {
            if (samples < 1) {
                throw new IllegalArgumentException("MonteCarloPi.Slice: samples must be positive, was " + samples);
            }
        }

        @Override
        public Long call() {
            return hits(seed, samples);
        }
    }

    /** The slices of a job: {@code tasks} slices of {@code samplesPerTask} points, seeds drawn from {@code seed}. */
    public static List<Slice> slices(long seed, int tasks, long samplesPerTask) {
        if (tasks < 1) {
            throw new IllegalArgumentException("MonteCarloPi: tasks must be positive, was " + tasks);
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Slice> out = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            out.add(new Slice(seeds.nextLong(), samplesPerTask));
        }
        return out;
    }

    /** Points inside the quarter circle among {@code samples} points from {@code seed}. */
    public static long hits(long seed, long samples) {
        SplittableRandom r = new SplittableRandom(seed);
        long in = 0;
        for (long i = 0; i < samples; i++) {
            double x = r.nextDouble();
            double y = r.nextDouble();
            if (x * x + y * y <= 1.0) {
                in++;
            }
        }
        return in;
    }

    /** The estimate of pi from {@code hits} among {@code samples} points. */
    public static double estimate(long hits, long samples) {
        return 4.0 * hits / samples;
    }
}
