package dev.lockstep.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ClockTest {
    @Test
    void systemClockIsMonotonic() {
        Clock c = Clock.system();
        long a = c.nanoTime();
        long b = c.nanoTime();
        assertThat(b).isGreaterThanOrEqualTo(a);
        assertThat(c.currentTimeMillis()).isGreaterThan(1_600_000_000_000L); // after 2020
    }

    @Test
    void virtualClockMovesOnlyWhenAdvanced() {
        VirtualClock c = new VirtualClock(1_000, 5_000);
        assertThat(c.nanoTime()).isEqualTo(1_000);
        assertThat(c.currentTimeMillis()).isEqualTo(5_000);
        assertThat(c.nanoTime()).isEqualTo(1_000);
        assertThat(c.advance(2_500_000)).isEqualTo(2_501_000);
        assertThat(c.nanoTime()).isEqualTo(2_501_000);
        assertThat(c.currentTimeMillis()).isEqualTo(5_002); // 2.5 ms, truncated
        assertThat(c.elapsedNanos()).isEqualTo(2_500_000);
    }

    @Test
    void virtualClockNeverGoesBack() {
        VirtualClock c = new VirtualClock();
        c.advanceTo(100);
        assertThat(c.advanceTo(50)).isEqualTo(100);
        assertThat(c.nanoTime()).isEqualTo(100);
        assertThatThrownBy(() -> c.advance(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot go back")
                .hasMessageContaining("-1");
    }

    @Test
    void concurrentAdvancesAddUp() throws InterruptedException {
        VirtualClock c = new VirtualClock();
        int threads = 4;
        int each = 10_000;
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    c.advance(3);
                }
                done.countDown();
            }));
        }
        done.await();
        assertThat(c.nanoTime()).isEqualTo(3L * threads * each);
    }

    @Test
    void replayClockGivesBackWhatWasRecorded() {
        VirtualClock source = new VirtualClock(10, 20_000);
        RecordingClock.InMemory rec = RecordingClock.inMemory(source);
        List<Long> seen = new ArrayList<>();
        seen.add(rec.nanoTime());
        source.advance(7_000_000);
        seen.add(rec.currentTimeMillis());
        seen.add(rec.nanoTime());
        assertThat(rec.readings())
                .containsExactly(
                        new ClockReading(ClockReading.Kind.NANO_TIME, 10),
                        new ClockReading(ClockReading.Kind.CURRENT_TIME_MILLIS, 20_007),
                        new ClockReading(ClockReading.Kind.NANO_TIME, 7_000_010));

        ReplayClock replay = new ReplayClock(rec.readings());
        assertThat(List.of(replay.nanoTime(), replay.currentTimeMillis(), replay.nanoTime()))
                .isEqualTo(seen);
        assertThat(replay.remaining()).isZero();
    }

    @Test
    void replayClockReportsDivergenceWithTheReadingIndex() {
        ReplayClock replay = new ReplayClock(List.of(new ClockReading(ClockReading.Kind.NANO_TIME, 1)));
        assertThatThrownBy(replay::currentTimeMillis)
                .isInstanceOf(ClockDivergenceException.class)
                .hasMessageContaining("reading #0 was recorded as NANO_TIME but the run asked for CURRENT_TIME_MILLIS");
        assertThat(replay.nanoTime()).isEqualTo(1);
        assertThatThrownBy(replay::nanoTime)
                .isInstanceOf(ClockDivergenceException.class)
                .hasMessageContaining("reading #1")
                .hasMessageContaining("holds only 1 readings");
    }

    @Test
    void recordingClockStreamsEachReadingToItsListener() {
        List<String> heard = new ArrayList<>();
        VirtualClock source = new VirtualClock(5, 9);
        Clock c = new RecordingClock(source, (kind, value) -> heard.add(kind + "=" + value));
        c.nanoTime();
        c.currentTimeMillis();
        assertThat(heard).containsExactly("NANO_TIME=5", "CURRENT_TIME_MILLIS=9");
        assertThatThrownBy(() -> new RecordingClock(null, (k, v) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source clock");
    }
}
