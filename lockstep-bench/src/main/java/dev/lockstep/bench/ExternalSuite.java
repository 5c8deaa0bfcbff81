package dev.lockstep.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A suite measured by its own driver instead of JMH: for workloads that are not a method call in a
 * loop (the io suite: servers in their own JVMs, pinned to a core, loaded by wrk from another).
 * The runner ({@link BenchMain}) selects the driver's results with {@code --filter}, lists them
 * with {@code --list}, asks the driver to measure the selected ones, and turns the values it
 * returns into the same rows as a JMH suite's: {@link Report}, the table, the JSON of DESIGN.md's
 * contract (every peer {@code measured}) and the chart are unchanged. JMH's options ({@code
 * --forks}, {@code --gc}...) do not apply and are refused; {@code --quick} is passed on.
 *
 * <p>Contract: every result the driver can produce is declared up front by {@link #results()}
 * (name, our side, the peer); {@link #measure} returns one {@link Value} per selected result it
 * measured, both sides from the same run, and for every selected result it could not measure a
 * reason in {@link Outcome#missing()} (a backend that cannot open here, a load run that failed).
 * The runner marks the report incomplete when a selected result has no value, with the reason as
 * a warning; a value for a result that was not selected, or twice, is a driver bug and fails the
 * run. A driver that cannot run at all (a missing tool) throws {@link BenchException} naming what
 * to install.
 *
 * <p>A suite gets a driver by an entry in {@link Suites#external(String)}.
 */
public interface ExternalSuite {
    /** Every result this suite can produce, in report order. */
    List<Result> results();

    /** Measures the selected results (a subset of {@link #results()}'s names). */
    Outcome measure(Run run);

    /**
     * A result the suite can produce.
     *
     * @param name the result name (as the issue lists it)
     * @param ours what Lockstep's side is, for {@code --list} (e.g. the command that serves)
     * @param peer the peer's display name
     */
    record Result(String name, String ours, String peer) {}

    /**
     * What to measure and how.
     *
     * @param selected the names of the results to measure
     * @param quick {@code --quick}: the short run (the whole suite in under two minutes)
     * @param progress where to report progress (standard error); not the table
     */
    record Run(Set<String> selected, boolean quick, PrintWriter progress) {}

    /**
     * One measured result: Lockstep's value beside the peer's, in one unit.
     *
     * @param name the result's name
     * @param unit the short unit, e.g. {@code req/s}, {@code us/req}, {@code MB}, {@code MB/s}
     * @param better {@code lower} or {@code higher}
     * @param ours Lockstep's value (a median over repeats)
     * @param oursSource what produced it (shown as the row's {@code oursBenchmark})
     * @param peer the peer's display name
     * @param peerValue the peer's value, in {@code unit}
     * @param peerSource what produced it ({@code peerBenchmark})
     */
    record Value(
            String name,
            String unit,
            String better,
            double ours,
            String oursSource,
            String peer,
            double peerValue,
            String peerSource) {
        public Value {
            if (!better.equals("lower") && !better.equals("higher")) {
                throw new IllegalArgumentException(
                        "result " + name + ": better must be lower or higher, not '" + better + "'");
            }
        }
    }

    /**
     * What a driver measured.
     *
     * @param values the measured results
     * @param missing selected results without a value, each with the reason
     * @param settings one line saying how it measured (durations, repeats, JVM flags), for the log
     */
    record Outcome(List<Value> values, Map<String, String> missing, String settings) {
        public Outcome {
            values = List.copyOf(values);
            missing = Map.copyOf(missing);
        }
    }
}
