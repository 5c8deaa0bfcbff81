package dev.lockstep.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long command: a bar (me.tongfei progressbar, on standard error) when the command
 * runs on a terminal, nothing at all otherwise, so that piped or logged output holds only results.
 * It counts steps either way. Use it with try-with-resources:
 *
 * <pre>{@code
 * try (Progress p = Progress.start("tour", steps.size())) {
 *     for (Step s : steps) { p.message(s.name()); s.run(); p.step(); }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private long current;
    private String message = "";

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar when standard input and output are a terminal, else a silent counter. */
    public static Progress start(String task, long total) {
        return onTerminal() ? toStream(task, total, System.err) : silent();
    }

    /** A counter that shows nothing. */
    public static Progress silent() {
        return new Progress(null);
    }

    /** A bar drawn on {@code out} whatever it is (tests, or a caller that knows better). */
    static Progress toStream(String task, long total, PrintStream out) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(100)
                .setConsumer(new ConsoleProgressBarConsumer(out, 100))
                .build();
        return new Progress(bar);
    }

    /** True when standard input and output are a terminal (JDK 22+: {@code Console.isTerminal()}). */
    public static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    public void step() {
        stepBy(1);
    }

    public void stepBy(long n) {
        current += n;
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** Text beside the bar, e.g. the item in progress. */
    public void message(String text) {
        message = text;
        if (bar != null) {
            bar.setExtraMessage(text);
        }
    }

    public long current() {
        return current;
    }

    public String currentMessage() {
        return message;
    }

    /** Whether a bar is drawn. */
    public boolean visible() {
        return bar != null;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
