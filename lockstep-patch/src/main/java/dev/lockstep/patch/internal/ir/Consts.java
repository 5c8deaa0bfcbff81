package dev.lockstep.patch.internal.ir;

/** The constant op: a signal whose value is its constants. */
public final class Consts {
    private Consts() {}

    public static final SigOp SIG_CONST = new SigOp() {
        @Override
        public void eval(double[] s, int out, int[] in, double[] k) {
            System.arraycopy(k, 0, s, out, k.length);
        }

        @Override
        public String name() {
            return "const";
        }
    };
}
