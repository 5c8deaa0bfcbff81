package dev.lockstep.patch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one door for external inputs: channel values (e.g. "mouse.x") a tick reads. A player applies
 * them at the start of each {@link PatchPlayer#tickAt(double, PatchInputs)}; a channel keeps its
 * last value until set again, and a channel the program does not read is ignored. Everything else a
 * tick computes depends only on the program, the seed and time, which is what makes a recorded run
 * ({@link PatchRecorder}) replay bit for bit.
 *
 * <p>Threading: owned by the thread that ticks; setting values allocates only the first time a
 * channel is named.
 */
public final class PatchInputs {
    final Map<String, double[]> values = new LinkedHashMap<>();

    /** Sets a one-component channel. */
    public PatchInputs set(String channel, double value) {
        double[] v = values.get(channel);
        if (v == null || v.length != 1) {
            v = new double[1];
            values.put(channel, v);
        }
        v[0] = value;
        return this;
    }

    /** Sets a channel of several components (e.g. a vec2). */
    public PatchInputs set(String channel, double... components) {
        values.put(channel, components.clone());
        return this;
    }

    /** The channel's value, or null if never set. */
    public double[] get(String channel) {
        double[] v = values.get(channel);
        return v == null ? null : v.clone();
    }

    public PatchInputs clear() {
        values.clear();
        return this;
    }
}
