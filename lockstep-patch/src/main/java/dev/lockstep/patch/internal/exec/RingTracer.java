package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.Node;

/**
 * A trace buffer: a ring of the last {@link #capacity} (tick, step, slot, lane, value) entries, kept
 * in parallel primitive arrays (no allocation while tracing). After each step of a traced tick it
 * records the step's output: a signal's components (lane = component index, slot = signal bank
 * offset), a field's first {@link #lanesPerStep} lanes (slot = field buffer index, value = lane's
 * first component), an event step's event count (slot = -1).
 *
 * <p>Switching: {@link #enabled} is volatile, written by any thread, and the runner reads it once per
 * tick ({@link #on()}), so a switch takes effect at the next tick boundary and a tick is traced
 * whole or not at all. Writes ({@link #after}) and reads ({@link #copy}) are synchronized on this
 * ring: a reader on another thread sees whole entries, never a torn one (uncontended monitor; tracing
 * is off the fast path).
 */
public final class RingTracer implements Tracer {
    public final int capacity;
    public final int lanesPerStep;
    private final long[] tick;
    private final int[] step;
    private final int[] slot;
    private final int[] lane;
    private final double[] value;
    private final String[] block;
    private long written;
    private long current;
    private volatile boolean enabled;

    public RingTracer(int capacity, int lanesPerStep) {
        if (capacity <= 0 || lanesPerStep <= 0) {
            throw new IllegalArgumentException(
                    "trace capacity and lanes per step must be positive, got " + capacity + ", " + lanesPerStep);
        }
        this.capacity = capacity;
        this.lanesPerStep = lanesPerStep;
        tick = new long[capacity];
        step = new int[capacity];
        slot = new int[capacity];
        lane = new int[capacity];
        value = new double[capacity];
        block = new String[capacity];
    }

    public void enabled(boolean on) {
        enabled = on; // volatile write: seen by the next tick's on()
    }

    @Override
    public boolean on() {
        return enabled;
    }

    @Override
    public void beginTick(long t) {
        current = t;
    }

    @Override
    public void after(Runner r, int stepIndex, Node node) {
        var sc = r.program.schedule();
        String b = r.tickStepBlock(stepIndex);
        synchronized (this) {
            switch (node.kind) {
                case SIGNAL -> {
                    int off = sc.sigOffset[node.id];
                    for (int c = 0; c < node.stride; c++) {
                        put(b, stepIndex, off, c, r.s[off + c]);
                    }
                }
                case FIELD -> {
                    int fi = sc.fieldIndex[node.id];
                    float[] buf = r.f[fi];
                    int n = Math.min(lanesPerStep, buf.length / Math.max(1, node.stride));
                    for (int i = 0; i < n; i++) {
                        put(b, stepIndex, fi, i, buf[i * node.stride]);
                    }
                }
                case EVENT -> put(b, stepIndex, -1, -1, r.e[sc.eventIndex[node.id]].count);
            }
        }
    }

    private void put(String b, int st, int sl, int ln, double v) {
        int i = (int) (written % capacity);
        tick[i] = current;
        step[i] = st;
        slot[i] = sl;
        lane[i] = ln;
        value[i] = v;
        block[i] = b; // a reference to the step's precomputed name: no allocation
        written++;
    }

    /** Receives entries oldest first. */
    public interface Sink {
        void accept(long tick, int step, int slot, int lane, double value, String block);
    }

    /** Hands the ring's entries, oldest first, to {@code sink}. */
    public synchronized void copy(Sink sink) {
        long from = Math.max(0, written - capacity);
        for (long w = from; w < written; w++) {
            int i = (int) (w % capacity);
            sink.accept(tick[i], step[i], slot[i], lane[i], value[i], block[i]);
        }
    }

    public synchronized void clear() {
        written = 0;
    }

    public synchronized long written() {
        return written;
    }
}
