package dev.lockstep.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-logical-time replay that sync (instants) and patch (ticks) use. */
class ReplayCursorTest {
    @TempDir
    Path dir;

    Path log;

    @BeforeEach
    void record() {
        log = dir.resolve("inputs.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(0, "key", "a");
            r.append(0, "mouse", 1L);
            r.append(2, "key", "b");
            r.append(5, "key", "c");
        }
    }

    private static List<Object> values(List<ReplayRecord> rs) {
        return rs.stream().map(ReplayRecord::value).toList();
    }

    @Test
    void recordsAtGroupsEachTimeAndIsEmptyBetween() {
        try (ReplayCursor c = ReplayLog.cursor(log)) {
            assertThat(c.summary().records()).isEqualTo(4);
            assertThat(c.nextTime()).isZero();
            assertThat(values(c.recordsAt(0))).containsExactly("a", 1L);
            assertThat(c.recordsAt(1)).isEmpty();
            assertThat(values(c.recordsAt(2))).containsExactly("b");
            assertThat(c.nextTime()).isEqualTo(5);
            assertThat(c.recordsAt(3)).isEmpty();
            assertThat(c.next().value()).isEqualTo("c");
            assertThat(c.hasNext()).isFalse();
            assertThatThrownBy(c::nextTime).isInstanceOf(NoSuchElementException.class);
            c.finish();
        }
    }

    @Test
    void skippingRecordedInputsIsADivergence() {
        try (ReplayCursor c = ReplayLog.cursor(log)) {
            c.recordsAt(0);
            assertThatThrownBy(() -> c.recordsAt(3))
                    .isInstanceOf(ReplayDivergenceException.class)
                    .hasMessageContaining("asked for inputs at time 3")
                    .hasMessageContaining("input at earlier time 2 that was never taken (source 'key', offset");
        }
    }

    @Test
    void finishingEarlyIsADivergence() {
        try (ReplayCursor c = ReplayLog.cursor(log)) {
            c.recordsAt(0);
            assertThatThrownBy(c::finish)
                    .isInstanceOf(ReplayDivergenceException.class)
                    .hasMessageContaining("the run finished but the recording holds more inputs, the first at time 2");
        }
    }

    @Test
    void aCursorMovesForwardOnly() {
        try (ReplayCursor c = ReplayLog.cursor(log)) {
            c.recordsAt(0);
            c.recordsAt(1);
            assertThatThrownBy(() -> c.recordsAt(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("asked for time 0 after time 1");
        }
    }
}
