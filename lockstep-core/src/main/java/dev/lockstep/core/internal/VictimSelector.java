package dev.lockstep.core.internal;

import dev.lockstep.core.StealPolicy;
import java.util.Arrays;

/**
 * Chooses which worker to steal from next; one per worker, used only by its owner (so plain
 * fields, no synchronisation). A scan round is {@code attempts} probes; {@link #next(int)} is
 * called with the probe's number within the round ({@code 0..attempts-1}).
 *
 * <ul>
 *   <li>RANDOM: a uniformly random other worker per probe (xorshift, seeded per worker).
 *   <li>ROUND_ROBIN: the other workers in turn, the cursor carried across rounds.
 *   <li>LOCALITY: the "near" workers first (same package or node, see {@link CpuTopology}), in a
 *       random rotation, for the first {@code near.length} probes of a round; then random far ones.
 *       With no near workers it is RANDOM over the far ones. When the topology is unknown the
 *       engine builds a RANDOM selector instead ({@code localityFallsBackToRandomWithoutTopology}).
 * </ul>
 */
public final class VictimSelector {
    private final StealPolicy policy;
    private final int self;
    private final int workers;
    private final int[] near;
    private final int[] far;
    private int seed;
    private int cursor;
    private int nearStart;

    private VictimSelector(StealPolicy policy, int self, int workers, int[] near, int[] far) {
        this.policy = policy;
        this.self = self;
        this.workers = workers;
        this.near = near;
        this.far = far;
        this.seed = 0x9E3779B9 * (self + 1) | 1;
        this.cursor = self;
    }

    /** A selector for worker {@code self} of {@code workers}; {@code topology} only for LOCALITY. */
    public static VictimSelector create(StealPolicy policy, int self, int workers, CpuTopology topology) {
        if (policy == StealPolicy.LOCALITY && topology != null && topology.known()) {
            int[] near = new int[workers];
            int[] far = new int[workers];
            int n = 0;
            int f = 0;
            for (int w = 0; w < workers; w++) {
                if (w == self) {
                    continue;
                }
                if (topology.near(self, w)) {
                    near[n++] = w;
                } else {
                    far[f++] = w;
                }
            }
            return new VictimSelector(policy, self, workers, Arrays.copyOf(near, n), Arrays.copyOf(far, f));
        }
        StealPolicy effective = policy == StealPolicy.LOCALITY ? StealPolicy.RANDOM : policy;
        return new VictimSelector(effective, self, workers, new int[0], new int[0]);
    }

    /** The policy in effect (LOCALITY falls back to RANDOM without topology). */
    public StealPolicy policy() {
        return policy;
    }

    /** Workers preferred by LOCALITY (empty for other policies). */
    public int[] nearVictims() {
        return near.clone();
    }

    /** Workers LOCALITY probes after the near ones (empty for other policies). */
    public int[] farVictims() {
        return far.clone();
    }

    /** The victim for probe {@code attempt} of a round; never {@code self}. Needs workers > 1. */
    public int next(int attempt) {
        switch (policy) {
            case ROUND_ROBIN -> {
                int c = cursor + 1;
                if (c >= workers) {
                    c = 0;
                }
                if (c == self) {
                    c = c + 1 >= workers ? 0 : c + 1;
                }
                cursor = c;
                return c;
            }
            case LOCALITY -> {
                if (attempt == 0) {
                    nearStart = near.length == 0 ? 0 : randomBelow(near.length);
                }
                if (attempt < near.length) {
                    int i = nearStart + attempt;
                    return near[i >= near.length ? i - near.length : i];
                }
                return far.length == 0 ? near[randomBelow(near.length)] : far[randomBelow(far.length)];
            }
            default -> {
                int v = randomBelow(workers - 1);
                return v >= self ? v + 1 : v;
            }
        }
    }

    private int randomBelow(int bound) {
        int x = seed; // xorshift32
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return (int) (((x & 0xFFFFFFFFL) * bound) >>> 32);
    }
}
