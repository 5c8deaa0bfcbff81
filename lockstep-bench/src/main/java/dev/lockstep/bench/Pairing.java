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
 * {@code @Ours} value beside each {@code @Peer} value, one row per peer. Nothing is dropped: an
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

    private record PeerValue(String peer, Measurement measurement) {}

    static Outcome pair(List<Measurement> measurements) {
        List<Measurement> sorted = new ArrayList<>(measurements);
        sorted.sort(Comparator.comparing(Measurement::benchmark)
                .thenComparing(m -> m.params().toString()));
        Map<Key, Measurement> ours = new TreeMap<>(KEY_ORDER);
        Map<Key, List<PeerValue>> peers = new TreeMap<>(KEY_ORDER);
        List<Unpaired> unpaired = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        for (Measurement m : sorted) {
            if (m.sides().isEmpty()) {
                warnings.add("benchmark " + m.benchmark() + " has neither @Ours nor @Peer; its value ("
                        + Table.number(m.median()) + " " + m.unit() + ") is listed as unpaired");
                unpaired.add(
                        new Unpaired(m.benchmark(), null, "none", null, m.median(), m.unit(), "no @Ours or @Peer"));
                continue;
            }
            for (Side side : m.sides()) {
                Key key = new Key(side.result(), m.params(), m.mode());
                if (side.isOurs()) {
                    Measurement previous = ours.putIfAbsent(key, m);
                    if (previous != null) {
                        warnings.add("result '" + key.display() + "' has two @Ours methods, " + previous.benchmark()
                                + " and " + m.benchmark() + "; the second is listed as unpaired");
                        unpaired.add(new Unpaired(
                                m.benchmark(), key.display(), "ours", null, m.median(), m.unit(), "second @Ours"));
                    }
                } else {
                    peers.computeIfAbsent(key, k -> new ArrayList<>()).add(new PeerValue(side.peer(), m));
                }
            }
        }

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
                Measurement m = p.measurement();
                warnings.add("result '" + name + "' has a @Peer (" + p.peer() + ", " + m.benchmark()
                        + ") but no @Ours; the peer's value is listed as unpaired");
                unpaired.add(new Unpaired(m.benchmark(), name, "peer", p.peer(), m.median(), m.unit(), "no @Ours"));
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
            Measurement m = p.measurement();
            double value = Units.convert(m.median(), m.unit(), o.unit());
            if (Double.isNaN(value)) {
                warnings.add("result '" + name + "': peer " + p.peer() + " (" + m.benchmark() + ") is in " + m.unit()
                        + " but Lockstep's side is in " + o.unit() + "; the peer's value is listed as unpaired");
                unpaired.add(new Unpaired(
                        m.benchmark(), name, "peer", p.peer(), m.median(), m.unit(), "unit differs from @Ours"));
                continue;
            }
            if (seen.merge(p.peer(), 1, Integer::sum) > 1) {
                warnings.add("result '" + name + "' has more than one @Peer named " + p.peer()
                        + "; each gets a row (last: " + m.benchmark() + ")");
            }
            double error = Units.convert(m.error(), m.unit(), o.unit());
            rows.add(new ResultRow(
                    name,
                    o.unit(),
                    o.better(),
                    o.median(),
                    oursError,
                    p.peer(),
                    value,
                    finite(error),
                    ResultRow.MEASURED,
                    o.benchmark(),
                    m.benchmark(),
                    o.allocBytesPerOp(),
                    m.allocBytesPerOp()));
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::name)
            .thenComparing(k -> k.params().toString())
            .thenComparing(Key::mode);
}
