package dev.lockstep.patch.internal.exec;

/** Colour conversions shared by the colour kernels and the render assembly. */
public final class Colors {
    private Colors() {}

    /** One channel in [0, 1] to its 8-bit value: round half up, clamp to 0..255 (NaN gives 0). */
    public static int toByte(double x) {
        double r = Math.floor(x * 255 + 0.5);
        if (!(r > 0)) {
            return 0;
        }
        return r >= 255 ? 255 : (int) r;
    }

    /**
     * HSV (hue wrapped into [0, 1), s and v already clamped) to RGBA in {@code out[o..o+3]}, each
     * channel quantised to 8 bits and stored as byte / 255; alpha 1.
     */
    public static void hsvToRgb(double hue, double s, double v, float[] out, int o) {
        int rgb = hsvToRgbBytes(hue, s, v);
        out[o] = BYTE_TO_UNIT[(rgb >>> 16) & 0xFF];
        out[o + 1] = BYTE_TO_UNIT[(rgb >>> 8) & 0xFF];
        out[o + 2] = BYTE_TO_UNIT[rgb & 0xFF];
        out[o + 3] = 1f;
    }

    /** HSV to 8-bit RGB packed as {@code r << 16 | g << 8 | b} (hue wrapped, s and v already clamped). */
    public static int hsvToRgbBytes(double hue, double s, double v) {
        double h;
        if (hue >= 0 && hue < 1) {
            double t = hue + 1; // ((hue % 1) + 1) % 1 with hue in [0, 1): t in [1, 2], rounded as the long form rounds
            h = t >= 2 ? t - 2 : t - 1;
        } else {
            h = rem(rem(hue, 1) + 1, 1);
        }
        double ch = v * s;
        double y = h * 6; // in [0, 6): y % 2 is y - 2 floor(y / 2), exact
        double x = ch * (1 - Math.abs((y - 2 * Math.floor(y * 0.5)) - 1));
        double m = v - ch;
        double h6 = h * 6;
        double r;
        double g;
        double b;
        if (h6 < 1) {
            r = ch;
            g = x;
            b = 0;
        } else if (h6 < 2) {
            r = x;
            g = ch;
            b = 0;
        } else if (h6 < 3) {
            r = 0;
            g = ch;
            b = x;
        } else if (h6 < 4) {
            r = 0;
            g = x;
            b = ch;
        } else if (h6 < 5) {
            r = x;
            g = 0;
            b = ch;
        } else {
            r = ch;
            g = 0;
            b = x;
        }
        return toByte(r + m) << 16 | toByte(g + m) << 8 | toByte(b + m);
    }

    /**
     * HsvToRgb on signals [hue, sat, val] (stride 4 out): the same 8-bit colour as the field kernel,
     * s and v clamped to [0, 1]; a signal hue makes one colour for every element.
     */
    public static final dev.lockstep.patch.internal.ir.SigOp HSV_TO_RGB_SIG =
            new dev.lockstep.patch.internal.ir.SigOp() {
                @Override
                public void eval(double[] s, int out, int[] in, double[] k) {
                    int rgb = hsvToRgbBytes(s[in[0]], Opcodes.clamp(s[in[1]], 0, 1), Opcodes.clamp(s[in[2]], 0, 1));
                    s[out] = BYTE_TO_UNIT[(rgb >>> 16) & 0xFF];
                    s[out + 1] = BYTE_TO_UNIT[(rgb >>> 8) & 0xFF];
                    s[out + 2] = BYTE_TO_UNIT[rgb & 0xFF];
                    s[out + 3] = 1;
                }

                @Override
                public String name() {
                    return "hsvToRgb";
                }
            };

    /**
     * {@code x % m} for m = 1 or 2 (JavaScript's and Java's remainder: the sign of x), without the
     * slow x87 remainder loop Java's {@code %} compiles to: for |x| < 2^52, x − m · trunc(x / m) is
     * exact (x / m and the product are exact for a power of two, and the difference is the
     * representable remainder), so the result is bit for bit the same.
     */
    static double rem(double x, double m) {
        if (Math.abs(x) < 0x1p52) {
            double q = x / m;
            return x - m * (q < 0 ? Math.ceil(q) : Math.floor(q));
        }
        return x % m;
    }

    /** byte / 255 as a float, for every byte. */
    public static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_UNIT[i] = (float) (i / 255.0);
        }
    }
}
