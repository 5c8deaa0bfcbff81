package dev.lockstep.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery keeps everything up to the last good record, says what was lost, and marks the log. */
class ReplayRecoveryTest {
    @TempDir
    Path dir;

    byte[] valid;
    List<Long> starts; // SOURCE, CODEC, DATA x5, END, size

    @BeforeEach
    void writeLog() throws Exception {
        Path log = dir.resolve("five.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            for (long i = 0; i < 5; i++) {
                r.append(i, "in", i * 10);
            }
        }
        valid = Files.readAllBytes(log);
        starts = LogBytes.recordStarts(valid);
        assertThat(starts).hasSize(9);
    }

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private long start(int record) {
        return starts.get(record);
    }

    @Test
    void corruptRecordKeepsEverythingBeforeItAndReportsTheRest() throws Exception {
        byte[] b = valid.clone();
        int fourth = (int) start(5); // data record 3 (value 30)
        b[fourth + 10] ^= 0x40;
        Path log = file("corrupt.log", b);

        RecoveryReport dry = ReplayLog.diagnose(log);
        assertThat(Files.readAllBytes(log)).as("diagnose writes nothing").isEqualTo(b);
        assertThat(dry.output()).isNull();

        RecoveryReport report = ReplayLog.recover(log);
        assertThat(report)
                .isEqualTo(new RecoveryReport(
                        log, log, 3, fourth, valid.length - fourth, Damage.CORRUPT_RECORD, fourth, dry.detail()));
        assertThat(report.damaged()).isTrue();
        assertThat(report.detail()).contains("fails its CRC32C check");
        assertThat(report.toString())
                .contains("damaged at byte offset " + fourth + " (CORRUPT_RECORD)")
                .contains("kept 3 data records (bytes 0 to " + fourth + "), dropped " + (valid.length - fourth)
                        + " bytes");

        assertThat(ReplayLog.readAll(log)).extracting(ReplayRecord::value).containsExactly(0L, 10L, 20L);
        LogSummary s = ReplayLog.verify(log);
        assertThat(s.recovered()).isTrue();
        assertThat(s.recovery())
                .isEqualTo(new LogSummary.Recovery(valid.length - fourth, Damage.CORRUPT_RECORD, fourth));
        assertThat(Files.size(log)).isEqualTo(fourth + LogFormat.FRAME_SIZE + LogFormat.END_BODY_SIZE);
    }

    @Test
    void aCrashedWriterLosesNothingThatReachedTheFile() throws Exception {
        Path log = file("crashed.log", Arrays.copyOf(valid, (int) start(7))); // cut before END
        RecoveryReport report = ReplayLog.recover(log);
        assertThat(report.damage()).isEqualTo(Damage.MISSING_END);
        assertThat(report.records()).isEqualTo(5);
        assertThat(report.droppedBytes()).isZero();
        assertThat(ReplayLog.readAll(log)).hasSize(5);
    }

    @Test
    void aTornLastRecordIsDropped() throws Exception {
        Path log = file("torn.log", Arrays.copyOf(valid, (int) start(6) + 5));
        RecoveryReport report = ReplayLog.recover(log);
        assertThat(report.damage()).isEqualTo(Damage.TRUNCATED);
        assertThat(report.damageOffset()).isEqualTo(start(6));
        assertThat(report.keptBytes()).isEqualTo(start(6));
        assertThat(report.droppedBytes()).isEqualTo(5);
        assertThat(report.records()).isEqualTo(4);
        assertThat(ReplayLog.readAll(log)).hasSize(4);
    }

    @Test
    void trailingBytesAreCutAndTheEndRecordReplaced() throws Exception {
        byte[] b = Arrays.copyOf(valid, valid.length + 3);
        Path log = file("trailing.log", b);
        RecoveryReport report = ReplayLog.recover(log);
        assertThat(report.damage()).isEqualTo(Damage.TRAILING_DATA);
        assertThat(report.records()).isEqualTo(5);
        assertThat(report.keptBytes()).isEqualTo(start(7));
        assertThat(ReplayLog.verify(log).recovered()).isTrue();
        assertThat(ReplayLog.readAll(log)).hasSize(5);
    }

    @Test
    void recoveringIntoATargetLeavesTheDamagedFileAlone() throws Exception {
        byte[] b = Arrays.copyOf(valid, (int) start(4) + 3);
        Path log = file("source.log", b);
        Path target = dir.resolve("target.log");
        RecoveryReport report = ReplayLog.recover(log, target);
        assertThat(report.output()).isEqualTo(target);
        assertThat(Files.readAllBytes(log)).isEqualTo(b);
        assertThat(ReplayLog.readAll(target)).extracting(ReplayRecord::value).containsExactly(0L, 10L);
        assertThatThrownBy(() -> ReplayLog.recover(log, target))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("could not write " + target);
    }

    @Test
    void aWholeLogIsLeftAloneInPlaceAndCopiedAsItIs() throws Exception {
        Path log = file("whole.log", valid);
        RecoveryReport report = ReplayLog.recover(log);
        assertThat(report.damaged()).isFalse();
        assertThat(report.output()).isNull();
        assertThat(report.records()).isEqualTo(5);
        assertThat(report.droppedBytes()).isZero();
        assertThat(report.toString()).contains("is whole: 5 data records");
        assertThat(Files.readAllBytes(log)).isEqualTo(valid);
        Path copy = dir.resolve("copy.log");
        ReplayLog.recover(log, copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(valid);
    }

    @Test
    void aCutHeaderIsRebuiltIntoAnEmptyLog() throws Exception {
        Path log = file("cut-header.log", Arrays.copyOf(valid, 7));
        RecoveryReport report = ReplayLog.recover(log);
        assertThat(report.damage()).isEqualTo(Damage.TRUNCATED);
        assertThat(report.records()).isZero();
        assertThat(report.droppedBytes()).isEqualTo(7);
        LogSummary s = ReplayLog.verify(log);
        assertThat(s.records()).isZero();
        assertThat(s.recovered()).isTrue();
    }

    @Test
    void otherHeaderDamageIsRefusedAndNothingIsWritten() throws Exception {
        byte[] b = valid.clone();
        b[9] = 7; // version 7
        Path log = file("future.log", b);
        assertThatThrownBy(() -> ReplayLog.recover(log))
                .isInstanceOf(ReplayDamageException.class)
                .hasMessageContaining("WRONG_VERSION");
        assertThat(Files.readAllBytes(log)).isEqualTo(b);
        RecoveryReport dry = ReplayLog.diagnose(log);
        assertThat(dry.damage()).isEqualTo(Damage.WRONG_VERSION);
        assertThat(dry.damageOffset()).isEqualTo(8);
        assertThat(dry.droppedBytes()).isEqualTo(b.length);
    }

    @Test
    void recoveryNeedsNoCodecs() throws Exception {
        Codec<String> secret =
                Codec.of("secret", String.class, (s, o) -> o.writeUtf8(s), i -> i.readUtf8(i.remaining()));
        Path whole = dir.resolve("codecs.log");
        try (ReplayRecorder r = ReplayLog.recorder(whole)
                .codecs(CodecRegistry.defaults().with(secret))
                .durability(Durability.onClose())
                .open()) {
            r.append(0, "s", "hidden");
        }
        byte[] b = Files.readAllBytes(whole);
        Path log = file("no-end.log", Arrays.copyOf(b, b.length - LogFormat.FRAME_SIZE - LogFormat.END_BODY_SIZE));
        RecoveryReport report = ReplayLog.recover(log);
        assertThat(report.damage()).isEqualTo(Damage.MISSING_END);
        assertThat(report.records()).isEqualTo(1);
        assertThat(ReplayLog.verify(log, CodecRegistry.defaults().with(secret)).records())
                .isEqualTo(1);
    }
}
