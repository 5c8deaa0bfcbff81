package dev.lockstep.patch.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.random.SplitRandom;
import org.junit.jupiter.api.Test;

/** {@link Trig} against StrictMath (fdlibm) over the ranges the kernels use and beyond. */
class TrigTest {
    @Test
    void sineAndCosineAreWithinThreeTenThousandTrillionthsOfFdlibm() {
        SplitRandom rnd = new SplitRandom(42);
        double worst = 0;
        double[] scales = {1, 10, 1e3, 1e5, 1e7, 1e8};
        for (double scale : scales) {
            for (int i = 0; i < 200_000; i++) {
                double x = (rnd.nextDouble() * 2 - 1) * scale;
                worst = Math.max(worst, Math.abs(Trig.sin(x) - StrictMath.sin(x)));
                worst = Math.max(worst, Math.abs(Trig.cos(x) - StrictMath.cos(x)));
            }
        }
        assertThat(worst).isLessThan(3e-16);
    }

    @Test
    void specialValuesFollowTheJdk() {
        assertThat(Trig.sin(Double.NaN)).isNaN();
        assertThat(Trig.cos(Double.POSITIVE_INFINITY)).isNaN();
        assertThat(Trig.sin(0.0)).isEqualTo(0.0);
        assertThat(Trig.cos(0.0)).isEqualTo(1.0);
        assertThat(Trig.sin(1e300)).isEqualTo(Math.sin(1e300));
    }

    @Test
    void theJitterHashMatchesTheJdkSineToTheFloat() {
        // the hash as the kernel uses it, rounded as positions are: the same float for 10^6 keys
        SplitRandom rnd = new SplitRandom(7);
        int differ = 0;
        for (int i = 0; i < 1_000_000; i++) {
            double r = (float) (rnd.nextDouble() * 600_000);
            double a = Opcodes.fract(Math.sin(r * 12.9898 + 78.233) * 43758.5453);
            double b = Opcodes.fract(Trig.sin(r * 12.9898 + 78.233) * 43758.5453);
            if ((float) (0.5 + (a * 2 - 1) * 0.01) != (float) (0.5 + (b * 2 - 1) * 0.01)) {
                differ++;
            }
        }
        assertThat(differ).isLessThanOrEqualTo(2);
    }
}
