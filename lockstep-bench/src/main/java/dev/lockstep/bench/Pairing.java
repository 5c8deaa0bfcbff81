package dev.lockstep.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns measurements into rows: for each result (name, JMH parameters and mode), Lockstep's
 * {@code @Ours} value beside each {@code @Peer} value and each {@code @Published} figure whose
 * parameters match, one row per peer. A result name's parameter placeholders are filled first
 * ({@link ResultNames}); the parameters it uses are not appended again. Nothing is dropped: an
 * {@code @Ours} without a peer becomes a row without a peer, and every value that cannot be put
 * in a row (a peer without {@code @Ours}, a method with neither annotation, a duplicate
 * {@code @Ours}, a peer in an incompatible unit) is kept as {@link Unpaired}; each case adds a
 * warning naming the result and the benchmark.
 */
final class Pairing {
    private Pairing() {}

    /** The rows, the values that are in no row, and one warning per irregularity. */
    record Outcome(List<ResultRow> rows, List<Unpaired> unpaired, List<String> warnings) {}

    private record Key(String name, SortedMap<String, String> params, String mode) {
        String display() {
            if (params.isEmpty()) {
                return name;
            }
            return name
                    + params.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(",", "[", "]"));
        }
    }

    /**
     * A peer's value in its own unit: measured (a {@code @Peer} method's measurement) or
     * published (a figure; {@code benchmark} is then Lockstep's method, which carries it).
     */
    private record PeerValue(
            String peer,
            String benchmark,
            double median,
            double error,
            String unit,
            Double allocBytesPerOp,
            String source,
            String reference) {
        static PeerValue measured(String peer, Measurement m) {
            return new PeerValue(
                    peer,
                    m.benchmark(),
                    m.median(),
                    m.error(),
                    m.unit(),
                    m.allocBytesPerOp(),
                    ResultRow.MEASURED,
                    null);
        }

        static PeerValue published(String peer, String benchmark, PublishedFigure f) {
            return new PeerValue(
                    peer, benchmark, f.value(), Double.NaN, f.unit(), null, ResultRow.PUBLISHED, f.source());
        }

        boolean isPublished() {
            return ResultRow.PUBLISHED.equals(source);
        }

        String side() {
            return isPublished() ? "published" : "peer";
        }
    }

    static Outcome pair(List<Measurement> measurements) {
        List<Measurement> sorted = new ArrayList<>(measurements);
        sorted.sort(Comparator.comparing(Measurement::benchmark)
                .thenComparing(m -> m.params().toString()));
        Map<Key, Measurement> ours = new TreeMap<>(KEY_ORDER);
        Map<Key, List<PeerValue>> peers = new TreeMap<>(KEY_ORDER);
        List<Unpaired> unpaired = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Boolean> figuresUsed = new LinkedHashMap<>();

        for (Measurement m : sorted) {
            if (m.sides().isEmpty()) {
                warnings.add("benchmark " + m.benchmark() + " has neither @Ours nor @Peer; its value ("
                        + Table.number(m.median()) + " " + m.unit() + ") is listed as unpaired");
                unpaired.add(
                        new Unpaired(m.benchmark(), null, "none", null, m.median(), m.unit(), "no @Ours or @Peer"));
                continue;
            }
            for (Side side : m.sides()) {
                ResultNames.Expanded name = ResultNames.expand(side.result(), m.params());
                Key key = new Key(name.name(), name.params(), m.mode());
                if (side.isPublished()) {
                    String figure = m.benchmark() + " " + side.peer() + " "
                            + side.figure().paramsText() + " " + side.result();
                    boolean matches = side.figure().matches(m.params());
                    figuresUsed.merge(figure, matches, Boolean::logicalOr);
                    if (matches) {
                        peers.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(PeerValue.published(side.peer(), m.benchmark(), side.figure()));
                    }
                } else if (side.isOurs()) {
                    Measurement previous = ours.putIfAbsent(key, m);
                    if (previous != null) {
                        warnings.add("result '" + key.display() + "' has two @Ours methods, " + previous.benchmark()
                                + " and " + m.benchmark() + "; the second is listed as unpaired");
                        unpaired.add(new Unpaired(
                                m.benchmark(), key.display(), "ours", null, m.median(), m.unit(), "second @Ours"));
                    }
                } else {
                    peers.computeIfAbsent(key, k -> new ArrayList<>()).add(PeerValue.measured(side.peer(), m));
                }
            }
        }

        figuresUsed.forEach((figure, used) -> {
            if (!used) {
                warnings.add("published figure " + figure + " matched no measured parameter combination");
            }
        });
        Map<Key, Boolean> keys = new TreeMap<>(KEY_ORDER);
        ours.keySet().forEach(k -> keys.put(k, true));
        peers.keySet().forEach(k -> keys.put(k, true));
        List<ResultRow> rows = new ArrayList<>();
        for (Key key : keys.keySet()) {
            rowsOf(key, ours.get(key), peers.getOrDefault(key, List.of()), rows, unpaired, warnings);
        }
        return new Outcome(List.copyOf(rows), List.copyOf(unpaired), List.copyOf(warnings));
    }

    private static void rowsOf(
            Key key,
            Measurement o,
            List<PeerValue> ps,
            List<ResultRow> rows,
            List<Unpaired> unpaired,
            List<String> warnings) {
        String name = key.display();
        if (o == null) {
            for (PeerValue p : ps) {
                warnings.add("result '" + name + "' has a @Peer (" + p.peer() + ", " + p.benchmark()
                        + ") but no @Ours; the peer's value is listed as unpaired");
                unpaired.add(new Unpaired(p.benchmark(), name, "peer", p.peer(), p.median(), p.unit(), "no @Ours"));
            }
            return;
        }
        Double oursError = finite(o.error());
        if (ps.isEmpty()) {
            warnings.add(
                    "result '" + name + "' has an @Ours (" + o.benchmark() + ") but no @Peer; its row has no peer");
            rows.add(ResultRow.oursOnly(name, o.unit(), o.better(), o.median(), oursError, o.benchmark())
                    .withAlloc(o.allocBytesPerOp(), null));
            return;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (PeerValue p : ps) {
            double value = Units.convert(p.median(), p.unit(), o.unit());
            if (Double.isNaN(value)) {
                warnings.add("result '" + name + "': " + (p.isPublished() ? "published peer " : "peer ") + p.peer()
                        + " (" + p.benchmark() + ") is in " + p.unit() + " but Lockstep's side is in " + o.unit()
                        + "; the peer's value is listed as unpaired");
                unpaired.add(new Unpaired(
                        p.benchmark(), name, p.side(), p.peer(), p.median(), p.unit(), "unit differs from @Ours"));
                continue;
            }
            if (seen.merge(p.peer() + " " + p.source(), 1, Integer::sum) > 1) {
                warnings.add("result '" + name + "' has more than one " + (p.isPublished() ? "@Published" : "@Peer")
                        + " named " + p.peer() + "; each gets a row (last: " + p.benchmark() + ")");
            }
            double error = Units.convert(p.error(), p.unit(), o.unit());
            rows.add(new ResultRow(
                    name,
                    o.unit(),
                    o.better(),
                    o.median(),
                    oursError,
                    p.peer(),
                    value,
                    finite(error),
                    p.source(),
                    o.benchmark(),
                    p.isPublished() ? null : p.benchmark(),
                    o.allocBytesPerOp(),
                    p.allocBytesPerOp(),
                    p.reference()));
        }
        if (seen.isEmpty()) { // every peer was in an incompatible unit: Lockstep's value still gets its row
            rows.add(ResultRow.oursOnly(name, o.unit(), o.better(), o.median(), oursError, o.benchmark())
                    .withAlloc(o.allocBytesPerOp(), null));
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::name)
            .thenComparing(k -> k.params().toString())
            .thenComparing(Key::mode);
}
