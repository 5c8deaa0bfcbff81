package dev.lockstep.patch.internal.exec;

import dev.lockstep.patch.internal.ir.EventBuffer;
import dev.lockstep.patch.internal.ir.EventOp;
import dev.lockstep.patch.internal.ir.EventReader;

/**
 * Event kernels: making events from signals (a wrap detector) and turning events into signals (a
 * mask, sample and hold, accumulation). Occurrences are read in buffer order, which is writer edge
 * order (see {@code EventOps.MERGE}), so a sum or a "last value" is deterministic.
 */
public final class EventKernels {
    private EventKernels() {}

    private abstract static class Reader implements EventReader {
        private final String name;

        Reader(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }
    }

    /** Args [events]: 1 in a tick with at least one occurrence, else 0. */
    public static final EventReader MASK = new Reader("eventMask") {
        @Override
        public void eval(double[] s, int out, int[] in, EventBuffer[] ev, double[] k) {
            s[out] = ev[0].count > 0 ? 1 : 0;
        }
    };

    /** Args [prev, value, trigger]: value in a tick the trigger fired, else prev (the held value). */
    public static final EventReader SAMPLE_HOLD = new Reader("sampleHold") {
        @Override
        public void eval(double[] s, int out, int[] in, EventBuffer[] ev, double[] k) {
            s[out] = ev[2].count > 0 ? s[in[1]] : s[in[0]];
        }
    };

    /** Args [prev, trigger]: the value of the tick's last occurrence, else prev. */
    public static final EventReader SAMPLE_PAYLOAD = new Reader("samplePayload") {
        @Override
        public void eval(double[] s, int out, int[] in, EventBuffer[] ev, double[] k) {
            EventBuffer e = ev[1];
            s[out] = e.count > 0 ? e.values[e.count - 1] : s[in[0]];
        }
    };

    /**
     * Args [prev, delta, reset, events]: 0 when reset is non-zero, else prev + delta + the sum of the
     * tick's occurrence values (added in buffer order).
     */
    public static final EventReader ACCUMULATE = new Reader("accumulate") {
        @Override
        public void eval(double[] s, int out, int[] in, EventBuffer[] ev, double[] k) {
            if (s[in[2]] != 0) {
                s[out] = 0;
                return;
            }
            double v = s[in[0]] + s[in[1]];
            EventBuffer e = ev[3];
            for (int i = 0; i < e.count; i++) {
                v += e.values[i];
            }
            s[out] = v;
        }
    };

    /**
     * Signals [current, previous]: one occurrence (key {@code k[0]}, value 1) in the tick the signal
     * reaches 0.5 from below: current ≥ 0.5 and previous < 0.5 or not finite.
     */
    public static final EventOp WRAP = new EventOp() {
        @Override
        public boolean eval(EventBuffer out, EventBuffer[] in, double[] s, int[] sin, double[] k) {
            double cur = s[sin[0]];
            double prev = s[sin[1]];
            if (cur >= 0.5 && (prev < 0.5 || !Double.isFinite(prev))) {
                return out.add((int) k[0], 1);
            }
            return true;
        }

        @Override
        public String name() {
            return "wrapEvent";
        }
    };
}
