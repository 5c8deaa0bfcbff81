package dev.lockstep.bench;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as a text table: a header line (suite, date, machine, settings), one line per row
 * (name, ours, peer, peer value, ratio, unit, better, and, when any row has them, the bytes
 * allocated per operation by each side, {@code ours B/op} and {@code peer B/op}), the sources of
 * published peer values (a published peer is marked "(published)" in its row), then the unpaired
 * values and the warnings, so that a saved table never looks complete when it is not.
 */
final class Table {
    private Table() {}

    private static final String[] HEADER = {"name", "ours", "peer", "peer value", "ratio", "unit", "better"};
    private static final String[] ALLOC_HEADER = {"ours B/op", "peer B/op"};

    static void print(Report report, PrintWriter out) {
        out.println("Lockstep bench: " + report.suite() + (report.quick() ? " (quick)" : "") + ", " + report.date());
        out.println("machine: " + report.machine().summary());
        if (report.settings() != null) {
            out.println("settings: " + report.settings().summary()
                    + (report.filter() == null ? "" : ", filter " + report.filter()));
        }
        out.println("values are medians (± JMH's 99.9% error); ratio > 1 means Lockstep is better"
                + " (peer/ours for lower-is-better, ours/peer for higher-is-better)");
        out.println();
        boolean alloc = report.rows().stream().anyMatch(ResultRow::hasAlloc);
        List<String[]> lines = new ArrayList<>();
        lines.add(alloc ? concat(HEADER, ALLOC_HEADER) : HEADER);
        for (ResultRow r : report.rows()) {
            Double ratio = r.ratio();
            String[] line = {
                r.name(),
                withError(r.ours(), r.oursError()),
                r.peer() == null ? "(no peer)" : r.peer() + published(r),
                r.peerValue() == null ? "-" : withError(r.peerValue(), r.peerError()),
                ratio == null ? "-" : String.format(java.util.Locale.ROOT, "%.2fx", ratio),
                r.unit(),
                r.better()
            };
            lines.add(
                    alloc
                            ? concat(
                                    line, new String[] {bytes(r.oursAllocBytesPerOp()), bytes(r.peerAllocBytesPerOp())})
                            : line);
        }
        printAligned(lines, out);
        if (alloc) {
            out.println("B/op: bytes allocated per operation (JMH GC profiler, gc.alloc.rate.norm, median)");
        }
        List<String> sources = report.rows().stream()
                .filter(ResultRow::isPublished)
                .map(r -> r.peer() + ": " + (r.peerReference() == null ? "(no source given)" : r.peerReference()))
                .distinct()
                .toList();
        if (!sources.isEmpty()) {
            out.println("published peer values (not measured in this run):");
            sources.forEach(s -> out.println("  " + s));
        }
        if (report.rows().isEmpty()) {
            out.println("(no results)");
        }
        if (!report.unpaired().isEmpty()) {
            out.println();
            out.println("unpaired values (in no row):");
            for (Unpaired u : report.unpaired()) {
                out.println("  " + u.benchmark() + (u.name() == null ? "" : " [" + u.name() + "]")
                        + (u.peer() == null ? "" : " peer " + u.peer()) + ": " + number(u.value()) + " " + u.unit()
                        + " (" + u.reason() + ")");
            }
        }
        if (!report.warnings().isEmpty()) {
            out.println();
            out.println("warnings:");
            report.warnings().forEach(w -> out.println("  - " + w));
        }
        if (!report.complete()) {
            out.println();
            out.println("INCOMPLETE: some benchmarks produced no result; the rows above are partial.");
        }
        out.flush();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Bytes per operation: two decimals (JMH's figure is an average, 0.01 is meaningful noise). */
    private static String bytes(Double v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private static String published(ResultRow r) {
        return r.peerSource() != null && !r.peerSource().equals(ResultRow.MEASURED) ? " (" + r.peerSource() + ")" : "";
    }

    private static String withError(double value, Double error) {
        return error == null ? number(value) : number(value) + " ± " + number(error, 2);
    }

    /** Four significant digits, plain notation between 0.001 and 10^7. */
    static String number(double v) {
        return number(v, 4);
    }

    static String number(double v, int digits) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e7) {
            return String.format(java.util.Locale.ROOT, "%." + (digits - 1) + "e", v);
        }
        return new BigDecimal(v)
                .round(new MathContext(digits))
                .stripTrailingZeros()
                .toPlainString();
    }

    private static void printAligned(List<String[]> lines, PrintWriter out) {
        int[] width = new int[lines.getFirst().length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        for (String[] l : lines) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < l.length; i++) {
                boolean numeric = i == 1 || i == 3 || i == 4 || i >= HEADER.length;
                String cell = numeric ? " ".repeat(width[i] - l[i].length()) + l[i] : l[i];
                b.append(cell);
                if (i < l.length - 1) {
                    b.append(numeric ? "  " : " ".repeat(width[i] - l[i].length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
