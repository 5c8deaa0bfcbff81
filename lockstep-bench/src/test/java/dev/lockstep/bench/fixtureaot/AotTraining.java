package dev.lockstep.bench.fixtureaot;

/** The training run of {@link AotBench}: its work at a size the benchmark never measures. */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) {
        if (work(7) != 28) {
            throw new IllegalStateException("training computed a wrong sum");
        }
    }

    /** 1 + 2 + ... + n, the long way. */
    static long work(int n) {
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += i;
        }
        return sum;
    }
}
