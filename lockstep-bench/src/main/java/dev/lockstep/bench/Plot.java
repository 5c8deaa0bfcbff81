package dev.lockstep.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Draws the report as a grouped bar chart (PNG, headless): one group per row (per result and
 * peer), two bars, Lockstep's and the peer's, normalised per group so the peer is 1.0 and
 * Lockstep is the row's {@link ResultRow#ratio() ratio}. Taller is always better, whatever the
 * result's direction: a lower-is-better result plots peer/ours, a higher-is-better one ours/peer.
 * The title names the suite, the date and the machine. Rows without a peer value cannot be
 * normalised and are left out; the x-axis title says how many. When the ratios span more than
 * {@link #LOG_SPAN} (one result 300x its peer beside others near 1x, as in the kernel suite), the
 * y-axis is logarithmic so every bar stays readable, and its title says so.
 */
final class Plot {
    private Plot() {}

    static final String Y_AXIS = "speed relative to peer (higher is better)";

    /** Largest over smallest ratio (peer's 1.0 included) beyond which the y-axis is logarithmic. */
    static final double LOG_SPAN = 20.0;

    /** More groups than fit with "name vs peer" labels: groups get the result name only and a narrow bar. */
    static boolean crowded(int groups) {
        return groups > 10;
    }

    /** Whether these ratios, with the peer's 1.0, span more than {@link #LOG_SPAN}. */
    static boolean logarithmic(List<Double> ratios) {
        double max = 1.0;
        double min = 1.0;
        for (double r : ratios) {
            max = Math.max(max, r);
            min = Math.min(min, r);
        }
        return min > 0 && max / min > LOG_SPAN;
    }

    private static final Color LOCKSTEP = new Color(0x1F, 0x77, 0xB4);
    private static final Color PEER = new Color(0xB0, 0xB0, 0xB0);

    static void write(Report report, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<ResultRow> rows =
                report.rows().stream().filter(r -> r.ratio() != null).toList();
        if (rows.isEmpty()) {
            throw new BenchException("nothing to plot: no result of suite '" + report.suite()
                    + "' has both Lockstep's and a peer's value");
        }
        int left = report.rows().size() - rows.size();
        boolean crowded = crowded(rows.size());
        List<String> groups = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ResultRow r : rows) {
            String label = crowded
                    ? r.name() + (ResultRow.MEASURED.equals(r.peerSource()) ? "" : " (pub.)")
                    : r.name() + " vs " + r.peer() + (ResultRow.MEASURED.equals(r.peerSource()) ? "" : " (published)");
            int n = seen.merge(label, 1, Integer::sum);
            groups.add(n == 1 ? label : label + " #" + n); // XChart needs distinct categories
            ours.add(r.ratio());
            peer.add(1.0);
        }

        boolean log = logarithmic(ours);
        CategoryChart chart = new CategoryChartBuilder()
                .width(crowded ? Math.min(3200, 60 * rows.size() + 400) : Math.max(900, 240 * rows.size() + 200))
                .height(600)
                .title("Lockstep bench: " + report.suite() + (report.quick() ? " (quick)" : "") + ", " + report.date()
                        + (report.complete() ? "" : ", INCOMPLETE"))
                .xAxisTitle(report.machine().summary()
                        + (left == 0
                                ? ""
                                : "; " + left + (left == 1 ? " result" : " results") + " without a peer not shown"))
                .yAxisTitle(log ? Y_AXIS + ", log scale" : Y_AXIS)
                .build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendPosition(LegendPosition.InsideNW);
        styler.setSeriesColors(new Color[] {LOCKSTEP, PEER});
        styler.setLabelsVisible(true);
        styler.setDecimalPattern("0.00");
        double max = Math.max(
                1.2, ours.stream().mapToDouble(Double::doubleValue).max().orElse(1) * 1.15);
        if (log) {
            double min = Math.min(
                    1.0, ours.stream().mapToDouble(Double::doubleValue).min().orElse(1));
            styler.setYAxisLogarithmic(true);
            styler.setYAxisMin(min / 2);
            styler.setYAxisMax(max * 2);
        } else {
            styler.setYAxisMin(0.0);
            styler.setYAxisMax(max);
        }
        styler.setAvailableSpaceFill(0.7);
        if (crowded) {
            styler.setXAxisLabelRotation(60);
        } else if (rows.size() > 4) {
            styler.setXAxisLabelRotation(20);
        }
        chart.addSeries("Lockstep", groups, ours);
        chart.addSeries(
                crowded ? "peer (= 1.0; peers named in the report)" : "peer (= 1.0, named under each group)",
                groups,
                peer);

        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
        }
    }
}
