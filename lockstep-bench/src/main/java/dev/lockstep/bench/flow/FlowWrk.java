package dev.lockstep.bench.flow;

import dev.lockstep.bench.BenchException;
import dev.lockstep.bench.io.Wrk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk for the flow suite: the io suite's {@link Wrk} (one thread, keep-alive, a run counts only
 * without socket errors and non-2xx responses) with wrk's latency distribution ({@code --latency})
 * and a path, or a Lua script that picks the path per request ({@link #SQLITE_SCRIPT}).
 */
final class FlowWrk {
    private FlowWrk() {}

    /**
     * A measured run: requests per second, the 99th percentile latency, and the requests completed
     * (the CPU per request divides by it).
     */
    record Result(long requests, double requestsPerSecond, double p99Millis) {}

    /**
     * The Lua script of the {@code /sqlite} runs: ids 1 to {@link Items#ROWS} in turn, so each
     * request reads a different row than the one before (wrk has one thread, so one counter).
     */
    static final String SQLITE_SCRIPT = "local i = 0\n"
            + "request = function()\n"
            + "  i = i % " + Items.ROWS + " + 1\n"
            + "  return wrk.format(nil, \"/sqlite?id=\" .. i)\n"
            + "end\n";

    /**
     * {@code taskset -c CPU wrk -t1 -cN -dSs --timeout 10s --latency [-s SCRIPT] http://HOST:PORT/PATH}.
     *
     * @param script a Lua script, or null
     */
    static List<String> command(
            String wrk, int cpu, int connections, int seconds, String host, int port, String path, Path script) {
        List<String> c = new ArrayList<>(List.of(
                "taskset",
                "-c",
                Integer.toString(cpu),
                wrk,
                "-t1",
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "--latency"));
        if (script != null) {
            c.add("-s");
            c.add(script.toString());
        }
        c.add("http://" + host + ":" + port + path);
        return List.copyOf(c);
    }

    private static final Pattern DISTRIBUTION = Pattern.compile("^\\s*Latency Distribution\\s*$", Pattern.MULTILINE);
    private static final Pattern P99 =
            Pattern.compile("^\\s*99(?:\\.0+)?%\\s+([0-9]+(?:\\.[0-9]+)?)(us|ms|s|m|h)\\s*$", Pattern.MULTILINE);

    /**
     * Parses a {@code --latency} report.
     *
     * @throws BenchException when the report is not a counting run ({@link Wrk#parse}) or has no
     *     99% line in its latency distribution
     */
    static Result parse(String output) {
        Wrk.Result w = Wrk.parse(output);
        return new Result(w.requests(), w.requestsPerSecond(), p99Millis(output));
    }

    /**
     * The 99% line of wrk's latency distribution, in milliseconds (wrk prints {@code us}, {@code
     * ms}, {@code s}, and {@code m} or {@code h} past a minute).
     *
     * @throws BenchException when there is no latency distribution or no 99% line in it
     */
    static double p99Millis(String output) {
        Matcher d = DISTRIBUTION.matcher(output);
        if (!d.find()) {
            throw new BenchException(
                    "wrk's output has no 'Latency Distribution' (was --latency given?): " + Wrk.abbreviate(output));
        }
        Matcher m = P99.matcher(output);
        if (!m.find(d.end())) {
            throw new BenchException("wrk's latency distribution has no 99% line: " + Wrk.abbreviate(output));
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1e3;
            case "ms" -> v;
            case "s" -> v * 1e3;
            case "m" -> v * 60e3;
            default -> v * 3600e3; // h
        };
    }
}
