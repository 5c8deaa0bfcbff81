package dev.lockstep.cli;

import dev.lockstep.core.trace.TraceException;
import dev.lockstep.core.trace.TraceFormat;
import dev.lockstep.core.trace.TraceSnapshot;
import dev.lockstep.core.trace.TraceSummary;
import dev.lockstep.core.trace.TraceThread;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep trace summary FILE} and {@code lockstep trace convert IN OUT}: reading trace
 * files that {@code lockstep demo --trace}, {@code Trace.snapshot().write(...)} or {@code
 * -Dlockstep.trace.file=...} wrote. Exit codes: 0 done, 1 the file is unreadable or malformed
 * (the message names the file and line), 2 bad usage.
 */
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description = "Read trace files: summarise them, or convert between JSON Lines, Chrome (Perfetto) and JFR.",
        subcommands = {TraceCommand.Summary.class, TraceCommand.Convert.class})
final class TraceCommand implements Runnable {
    static final int UNREADABLE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int fail(CommandSpec spec, TraceException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lockstep trace: " + e.getMessage());
        err.flush();
        return UNREADABLE;
    }

    @Command(
            name = "summary",
            mixinStandardHelpOptions = true,
            description = {
                "Summarise a trace file: events per kind, the longest spans, dropped events.",
                "Spans are BEGIN/END pairs (matched per thread) and COMPLETE events; the summary also gives the time"
                        + " covered and, per thread, the events recorded, dropped (overwritten in a full ring) and torn."
            })
    static final class Summary implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "A trace file: JSON Lines (.jsonl) or JFR (.jfr).")
        Path file;

        @Option(
                names = "--top",
                paramLabel = "N",
                defaultValue = "10",
                description = "How many of the longest spans to list (default ${DEFAULT-VALUE}).")
        int top;

        @Override
        public Integer call() {
            if (top < 0) {
                throw new ParameterException(spec.commandLine(), "--top must be 0 or more, not " + top);
            }
            TraceSnapshot snapshot;
            try {
                snapshot = TraceSnapshot.read(file);
            } catch (TraceException e) {
                return fail(spec, e);
            }
            print(
                    file,
                    TraceSummary.of(snapshot, top),
                    snapshot,
                    top,
                    spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(
            name = "convert",
            mixinStandardHelpOptions = true,
            description = {
                "Convert a trace file to JSON Lines, Chrome trace (Perfetto) or JFR.",
                "IN: JSON Lines or JFR. OUT's format: --to, else its extension (.jsonl JSON Lines, .json Chrome trace"
                        + " for ui.perfetto.dev and chrome://tracing, .jfr JFR for JDK Mission Control and jfr print)."
            })
    static final class Convert implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN", description = "The trace file to read (.jsonl or .jfr).")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (replaced if it exists).")
        Path out;

        @Option(names = "--to", paramLabel = "FORMAT", description = "jsonl, chrome or jfr (default: from OUT's name).")
        String to;

        @Override
        public Integer call() {
            TraceFormat format;
            try {
                format = to != null ? TraceFormat.named(to) : TraceFormat.forFile(out);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            try {
                TraceSnapshot snapshot = TraceSnapshot.read(in);
                snapshot.write(out, format);
                PrintWriter w = spec.commandLine().getOut();
                w.printf(
                        "wrote %,d events from %d threads to %s (%s)%n",
                        snapshot.events().size(), snapshot.threads().size(), out, describe(format));
                w.flush();
                return 0;
            } catch (TraceException e) {
                return fail(spec, e);
            }
        }
    }

    static String describe(TraceFormat format) {
        return switch (format) {
            case JSON_LINES -> "JSON Lines";
            case CHROME -> "Chrome trace: open it in ui.perfetto.dev or chrome://tracing";
            case JFR -> "JFR: open it in JDK Mission Control or run jfr print --events dev.lockstep.Trace";
        };
    }

    // ---- the summary's text ----

    static void print(Path file, TraceSummary s, TraceSnapshot snapshot, int top, PrintWriter out) {
        out.printf(
                "trace %s: %,d events from %d threads over %s%n",
                file, s.events(), s.threads().size(), duration(s.spanNanos()));
        out.printf(
                "dropped: %,d (overwritten in full rings: %,d, with released rings of finished threads: %,d); torn: %,d%n",
                s.dropped(),
                s.dropped() - snapshot.droppedFromFinishedThreads(),
                snapshot.droppedFromFinishedThreads(),
                s.torn());
        out.printf("unmatched ends: %,d; unclosed begins: %,d%n", s.unmatchedEnds(), s.unclosedBegins());
        if (s.dropped() > 0 || s.torn() > 0) {
            out.println("(events were lost: counts below cover what the file holds, not everything recorded)");
        }
        out.println();
        out.println("events per kind:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"kind", "category", "type", "events", "spans", "total", "max"});
        for (TraceSummary.KindCount c : s.kinds()) {
            boolean span = c.spans() > 0;
            rows.add(new String[] {
                c.kind().name(),
                c.kind().category(),
                c.kind().type().word(),
                String.format(Locale.ROOT, "%,d", c.events()),
                span ? String.format(Locale.ROOT, "%,d", c.spans()) : "-",
                span ? duration(c.totalNanos()) : "-",
                span ? duration(c.maxNanos()) : "-"
            });
        }
        table(rows, out, 3, 4, 5, 6);
        if (top > 0) {
            out.println();
            out.println("top " + top + " durations:");
            rows = new ArrayList<>();
            rows.add(new String[] {"#", "kind", "duration", "start", "thread", "logical time", "fields (end)"});
            int i = 0;
            for (TraceSummary.Span sp : s.longest()) {
                rows.add(new String[] {
                    Integer.toString(++i),
                    sp.kind().name(),
                    duration(sp.durationNanos()),
                    "+" + duration(sp.startNanos() - s.firstNanos()),
                    sp.threadName() + " (" + sp.threadId() + ")",
                    sp.kind().logicalTimeName() + "=" + sp.logicalTime(),
                    sp.kind().fieldAName() + "=" + sp.a() + " " + sp.kind().fieldBName() + "=" + sp.b()
                });
            }
            if (rows.size() == 1) {
                out.println("  (no spans)");
            } else {
                table(rows, out, 0, 2, 3);
            }
        }
        out.println();
        out.println("threads:");
        rows = new ArrayList<>();
        rows.add(new String[] {"id", "name", "recorded", "dropped", "torn", "in file"});
        for (TraceThread t : s.threads()) {
            rows.add(new String[] {
                Long.toString(t.id()),
                t.name(),
                String.format(Locale.ROOT, "%,d", t.recorded()),
                String.format(Locale.ROOT, "%,d", t.dropped()),
                String.format(Locale.ROOT, "%,d", t.torn()),
                String.format(Locale.ROOT, "%,d", t.retained())
            });
        }
        table(rows, out, 0, 2, 3, 4, 5);
        out.flush();
    }

    /** Nanoseconds in the largest unit that keeps the number at least 1: 1.234 ms, 56 ns. */
    static String duration(long nanos) {
        double a = Math.abs((double) nanos);
        if (a < 1_000) {
            return nanos + " ns";
        }
        if (a < 1_000_000) {
            return String.format(Locale.ROOT, "%.3f us", nanos / 1e3);
        }
        if (a < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    /** Aligned columns, two spaces apart; the given columns right-aligned. */
    private static void table(List<String[]> rows, PrintWriter out, int... rightAligned) {
        int[] width = new int[rows.getFirst().length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                boolean right = false;
                for (int c : rightAligned) {
                    right |= c == i;
                }
                String pad = " ".repeat(width[i] - r[i].length());
                b.append(right ? pad + r[i] : r[i] + pad).append("  ");
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
