package dev.lockstep.patch.internal.ir;

/**
 * The operands of one field step, bound once when the program is linked: output buffer, field
 * argument buffers (in argument order, fields only), signal argument values (refreshed from the
 * signal bank before each run, in argument order, signals only), constants, lane count and the
 * instance's stable element ids. A kernel reads only these fields; nothing is looked up by name.
 */
public final class FieldCall {
    public float[] out;
    public float[][] in;
    public int[] inStride;
    public double[] sv;
    public double[] k;
    public int n;
    public int stride;
    public long[] ids;
    public Instance instance;
    /** The seed of the run, for kernels with seeded noise (mixed with element ids, never a global RNG). */
    public long seed;
}
