package dev.lockstep.bench.io;

import dev.lockstep.bench.BenchException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk, the HTTP load generator (Debian package {@code wrk}): its command line and the parsing of
 * its report. A run counts only when every response was 2xx or 3xx and no socket error happened;
 * otherwise {@link #parse} fails naming what went wrong, since requests per second of a server
 * that drops connections or answers errors is not a figure.
 */
public final class Wrk {
    private Wrk() {}

    public static final String INSTALL = "apt-get install wrk";

    /**
     * The summary of one wrk run.
     *
     * @param requests requests completed
     * @param seconds the run's length as wrk measured it
     * @param requestsPerSecond wrk's {@code Requests/sec}
     */
    public record Result(long requests, double seconds, double requestsPerSecond) {}

    /**
     * The command: one wrk thread (it is pinned to one core), {@code connections} keep-alive
     * connections for {@code seconds}, a 10 s per-request timeout, {@code GET /}.
     */
    static List<String> command(String wrk, int cpu, int connections, int seconds, String host, int port) {
        return List.of(
                "taskset",
                "-c",
                Integer.toString(cpu),
                wrk,
                "-t1",
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "http://" + host + ":" + port + "/");
    }

    private static final Pattern REQUESTS =
            Pattern.compile("^\\s*(\\d+) requests in ([0-9.]+)(us|ms|s|m|h)\\b", Pattern.MULTILINE);
    private static final Pattern RPS = Pattern.compile("^Requests/sec:\\s*([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)", Pattern.MULTILINE);

    /**
     * Parses wrk's report.
     *
     * @throws BenchException when the report is not wrk's, or shows socket errors or non-2xx/3xx
     *     responses (the message quotes the numbers)
     */
    public static Result parse(String output) {
        Matcher rps = RPS.matcher(output);
        Matcher requests = REQUESTS.matcher(output);
        if (!rps.find() || !requests.find()) {
            throw new BenchException(
                    "wrk's output has no 'Requests/sec' and 'N requests in T' lines: " + abbreviate(output));
        }
        Matcher errors = SOCKET_ERRORS.matcher(output);
        if (errors.find()) {
            throw new BenchException("wrk saw socket errors (connect " + errors.group(1) + ", read " + errors.group(2)
                    + ", write " + errors.group(3) + ", timeout " + errors.group(4)
                    + "): the server dropped or stalled connections, so the run does not count");
        }
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            throw new BenchException("wrk got " + non2xx.group(1)
                    + " non-2xx or 3xx responses: the server answered errors, so the run does not count");
        }
        long count = Long.parseLong(requests.group(1));
        double seconds = seconds(Double.parseDouble(requests.group(2)), requests.group(3));
        if (count == 0) {
            throw new BenchException("wrk completed no request in " + requests.group(2) + requests.group(3));
        }
        return new Result(count, seconds, Double.parseDouble(rps.group(1)));
    }

    private static double seconds(double v, String unit) {
        return switch (unit) {
            case "us" -> v / 1e6;
            case "ms" -> v / 1e3;
            case "m" -> v * 60;
            case "h" -> v * 3600;
            default -> v;
        };
    }

    public static String abbreviate(String s) {
        String t = s.strip().replace('\n', ' ');
        return t.length() > 300 ? t.substring(0, 300) + "..." : t.isEmpty() ? "(empty)" : t;
    }

    /** {@code 12.3k} style numbers are not parsed; kept for messages only. */
    static String format(double rps) {
        return String.format(Locale.ROOT, "%.0f req/s", rps);
    }
}
