package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Percentile} and {@link AllocPerOp} are read from the benchmark method; absent, the median and the time. */
class StatisticsTest {
    static final String PATCH = "dev.lockstep.bench.patch.PatchBench.";

    public static class Fixture {
        @Percentile(0)
        public void zero() {}

        public void plain() {}
    }

    @Test
    void percentileIsTheAnnotatedOneElseTheMedian() {
        assertThat(Statistics.percentile(PATCH + "goldenSpiral5kP95")).isEqualTo(95);
        assertThat(Statistics.percentile(PATCH + "goldenSpiral5k")).isEqualTo(50);
        assertThat(Statistics.percentile(Fixture.class.getName() + ".plain")).isEqualTo(50);
        assertThat(Statistics.percentile("no.such.Bench.method")).isEqualTo(50);
    }

    @Test
    void aPercentileOutsideTheRangeIsRefusedNamingTheBenchmark() {
        assertThatThrownBy(() -> Statistics.percentile(Fixture.class.getName() + ".zero"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("zero")
                .hasMessageContaining("(0, 100]");
    }

    @Test
    void allocPerOpIsReadFromTheMethod() {
        assertThat(Statistics.allocPerOp(PATCH + "allocPerTick")).isTrue();
        assertThat(Statistics.allocPerOp(PATCH + "goldenSpiral5k")).isFalse();
        assertThat(Statistics.allocPerOp("nodots")).isFalse();
    }
}
