package dev.lockstep.bench;

/**
 * One row of the report: Lockstep's median for a named result beside one peer's median (or no
 * peer, when the result has none; the pairing then adds a warning).
 *
 * @param name the result name, with {@code [param=value,...]} appended when the benchmark has
 *     JMH parameters
 * @param unit the short unit both values are in
 * @param better {@code lower} or {@code higher}
 * @param ours Lockstep's median
 * @param oursError JMH's error on Lockstep's score, or {@code null}
 * @param peer the peer's display name, or {@code null}
 * @param peerValue the peer's median in {@code unit}, or {@code null}
 * @param peerError JMH's error on the peer's score, or {@code null}
 * @param peerSource {@code measured} (ran in the same run) or {@code published}; {@code null}
 *     without a peer
 * @param oursBenchmark the JMH benchmark behind {@code ours}, or {@code null} (read from JSON)
 * @param peerBenchmark the JMH benchmark behind {@code peerValue}, or {@code null}
 * @param oursAllocBytesPerOp bytes Lockstep's side allocated per operation (JMH's GC profiler,
 *     {@code --gc}), or {@code null} when not measured
 * @param peerAllocBytesPerOp the same for the peer's side, or {@code null}
 * @param peerReference where a published peer value comes from ({@link Published#source()}), or
 *     {@code null} for a measured one
 */
record ResultRow(
        String name,
        String unit,
        String better,
        double ours,
        Double oursError,
        String peer,
        Double peerValue,
        Double peerError,
        String peerSource,
        String oursBenchmark,
        String peerBenchmark,
        Double oursAllocBytesPerOp,
        Double peerAllocBytesPerOp,
        String peerReference) {

    static final String MEASURED = "measured";
    static final String PUBLISHED = "published";

    /** A row whose peer, if any, was measured. */
    ResultRow(
            String name,
            String unit,
            String better,
            double ours,
            Double oursError,
            String peer,
            Double peerValue,
            Double peerError,
            String peerSource,
            String oursBenchmark,
            String peerBenchmark,
            Double oursAllocBytesPerOp,
            Double peerAllocBytesPerOp) {
        this(
                name,
                unit,
                better,
                ours,
                oursError,
                peer,
                peerValue,
                peerError,
                peerSource,
                oursBenchmark,
                peerBenchmark,
                oursAllocBytesPerOp,
                peerAllocBytesPerOp,
                null);
    }

    /** A row without allocation figures. */
    ResultRow(
            String name,
            String unit,
            String better,
            double ours,
            Double oursError,
            String peer,
            Double peerValue,
            Double peerError,
            String peerSource,
            String oursBenchmark,
            String peerBenchmark) {
        this(
                name,
                unit,
                better,
                ours,
                oursError,
                peer,
                peerValue,
                peerError,
                peerSource,
                oursBenchmark,
                peerBenchmark,
                null,
                null);
    }

    static ResultRow oursOnly(String name, String unit, String better, double ours, Double oursError, String bench) {
        return new ResultRow(name, unit, better, ours, oursError, null, null, null, null, bench, null);
    }

    /** The same row with the bytes per operation of each side ({@code null} where not measured). */
    ResultRow withAlloc(Double ours, Double peer) {
        return new ResultRow(
                name,
                unit,
                better,
                this.ours,
                oursError,
                this.peer,
                peerValue,
                peerError,
                peerSource,
                oursBenchmark,
                peerBenchmark,
                ours,
                peer,
                peerReference);
    }

    /** Whether the peer's value is a published figure rather than measured in this run. */
    boolean isPublished() {
        return hasPeer() && peerSource != null && !peerSource.equals(MEASURED);
    }

    /** Whether either side's allocation was measured. */
    boolean hasAlloc() {
        return oursAllocBytesPerOp != null || peerAllocBytesPerOp != null;
    }

    boolean hasPeer() {
        return peer != null && peerValue != null;
    }

    /**
     * How much better Lockstep is than the peer, oriented so that above 1 always means Lockstep is
     * better: peer/ours when lower is better, ours/peer when higher is better. {@code null} without
     * a peer or when a value is zero.
     */
    Double ratio() {
        if (!hasPeer()) {
            return null;
        }
        double r = "higher".equals(better) ? ours / peerValue : peerValue / ours;
        return Double.isFinite(r) && r > 0 ? r : null;
    }
}
