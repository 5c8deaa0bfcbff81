package dev.lockstep.bench;

import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What a run shows while it measures. On a terminal ({@link #onTerminal()}): a progress bar over
 * all iterations (warmup included) of all benchmarks, naming the benchmark in progress. Elsewhere
 * (a pipe, a CI log) the run is quiet until its table; with {@code --verbose}, one line per
 * finished benchmark on standard error, so that standard output still holds only the table.
 */
abstract class ProgressDisplay implements AutoCloseable {
    final long benchmarks;
    long finished;
    String current;
    long startedAt = System.nanoTime();

    ProgressDisplay(long benchmarks) {
        this.benchmarks = benchmarks;
    }

    /** True when standard input and output are a terminal. */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    static ProgressDisplay bar(String suite, long benchmarks, long iterations) {
        return new Bar(suite, benchmarks, iterations);
    }

    /** Shows nothing (off a terminal, without --verbose). */
    static ProgressDisplay quiet(long benchmarks) {
        return new ProgressDisplay(benchmarks) {};
    }

    static ProgressDisplay lines(long benchmarks, PrintWriter err) {
        return new Lines(benchmarks, err);
    }

    void benchmarkStarted(String benchmark, String mode) {
        current = shortName(benchmark) + " (" + mode + ")";
        startedAt = System.nanoTime();
    }

    void iterationDone() {}

    /** {@code median == null} when the benchmark failed. */
    void benchmarkFinished(Double median, String unit) {
        finished++;
    }

    @Override
    public void close() {}

    /** {@code dev.lockstep.bench.core.FibBench.ours} becomes {@code FibBench.ours}. */
    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return benchmark.substring(type + 1);
    }

    private static final class Bar extends ProgressDisplay {
        private final ProgressBar bar;

        Bar(String suite, long benchmarks, long iterations) {
            super(benchmarks);
            bar = new ProgressBarBuilder()
                    .setTaskName("bench " + suite)
                    .setInitialMax(iterations)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .build();
        }

        @Override
        void benchmarkStarted(String benchmark, String mode) {
            super.benchmarkStarted(benchmark, mode);
            bar.setExtraMessage((finished + 1) + "/" + benchmarks + " " + current);
        }

        @Override
        void iterationDone() {
            bar.step();
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Lines extends ProgressDisplay {
        private final PrintWriter err;

        Lines(long benchmarks, PrintWriter err) {
            super(benchmarks);
            this.err = err;
        }

        @Override
        void benchmarkFinished(Double median, String unit) {
            super.benchmarkFinished(median, unit);
            long seconds = Duration.ofNanos(System.nanoTime() - startedAt).toSeconds();
            String width = String.valueOf(benchmarks);
            String count = String.format("[%" + width.length() + "d/%s]", finished, width);
            err.println(count + " " + current + ": "
                    + (median == null ? "FAILED (see JMH's log)" : "median " + Table.number(median) + " " + unit)
                    + " in " + seconds + " s");
            err.flush();
        }
    }
}
