package dev.lockstep.patch.internal.ir;

/**
 * Event operations. Order is part of the contract (invariant I4): {@link #MERGE} appends its inputs'
 * occurrences in argument order, which is writer edge order (sortKey, then file order), and each
 * input's occurrences in their own order.
 */
public final class EventOps {
    private EventOps() {}

    public static final EventOp MERGE = new EventOp() {
        @Override
        public boolean eval(EventBuffer out, EventBuffer[] in, double[] s, int[] sin, double[] k) {
            for (EventBuffer e : in) {
                for (int i = 0; i < e.count; i++) {
                    if (!out.add(e.keys[i], e.values[i])) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public String name() {
            return "mergeEvents";
        }
    };

    /** No occurrences, ever: what an optional event input left open reads. */
    public static final EventOp NONE = new EventOp() {
        @Override
        public boolean eval(EventBuffer out, EventBuffer[] in, double[] s, int[] sin, double[] k) {
            return true;
        }

        @Override
        public String name() {
            return "noEvents";
        }
    };

    /** One occurrence (key {@code k[0]}, value of signal 0) in every tick where signal 1 is non-zero. */
    public static final EventOp WHEN = new EventOp() {
        @Override
        public boolean eval(EventBuffer out, EventBuffer[] in, double[] s, int[] sin, double[] k) {
            if (s[sin[1]] != 0) {
                return out.add((int) k[0], s[sin[0]]);
            }
            return true;
        }

        @Override
        public String name() {
            return "eventWhen";
        }
    };
}
