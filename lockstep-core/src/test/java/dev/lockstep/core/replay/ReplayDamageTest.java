package dev.lockstep.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each damage kind, with its exact offset. The reference log (see {@code
 * ReplayRoundTripTest.byteLayoutOfASmallLogIsTheDocumentedOne}): header [0,16), SOURCE "a"
 * [16,27), CODEC "long" [27,41), DATA (time 1, 7L) [41,70), END [70,105).
 */
class ReplayDamageTest {
    @TempDir
    Path dir;

    byte[] valid;

    @BeforeEach
    void writeReferenceLog() throws Exception {
        Path log = dir.resolve("ref.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(1, "a", 7L);
        }
        valid = Files.readAllBytes(log);
        assertThat(valid).hasSize(105);
    }

    private Path file(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(dir, "damaged", ".log"), bytes);
    }

    private Path flipped(int at) throws Exception {
        byte[] b = valid.clone();
        b[at] ^= 0x10;
        return file(b);
    }

    private Path cut(int length) throws Exception {
        return file(Arrays.copyOf(valid, length));
    }

    private static ReplayDamageException damageOf(Path log) {
        return damageOf(log, CodecRegistry.defaults());
    }

    private static ReplayDamageException damageOf(Path log, CodecRegistry codecs) {
        ReplayDamageException e =
                catchThrowableOfType(ReplayDamageException.class, () -> ReplayLog.verify(log, codecs));
        assertThat(e).as("damage reported for %s", log).isNotNull();
        assertThat(e.path()).isEqualTo(log);
        assertThat(e.getMessage())
                .startsWith(
                        "replay log " + log + " is damaged at byte offset " + e.offset() + " (" + e.damage() + "): ");
        return e;
    }

    private static void assertDamage(ReplayDamageException e, Damage kind, long offset, String detail) {
        assertThat(e.damage()).as(e.getMessage()).isEqualTo(kind);
        assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
        assertThat(e.detail()).contains(detail);
    }

    // ---- header ----

    @Test
    void emptyFileIsTruncatedAtZero() throws Exception {
        assertDamage(damageOf(file(new byte[0])), Damage.TRUNCATED, 0, "shorter than the 16-byte header");
    }

    @Test
    void headerCutShortIsTruncatedAtZero() throws Exception {
        assertDamage(damageOf(cut(10)), Damage.TRUNCATED, 0, "the file is 10 bytes");
    }

    @Test
    void foreignFileHasBadMagic() throws Exception {
        Path f = file("{\"not\": \"a replay log\"}".getBytes(StandardCharsets.UTF_8));
        assertDamage(damageOf(f), Damage.BAD_MAGIC, 0, "not a replay log");
    }

    @Test
    void otherVersionIsWrongVersionAtItsField() throws Exception {
        byte[] b = valid.clone();
        b[9] = 2;
        assertDamage(damageOf(file(b)), Damage.WRONG_VERSION, 8, "format version 2; this reader reads version 1");
    }

    @Test
    void headerByteChangeIsCorruptHeader() throws Exception {
        assertDamage(damageOf(flipped(13)), Damage.CORRUPT_HEADER, 0, "fails its CRC32C");
        assertDamage(damageOf(flipped(11)), Damage.CORRUPT_HEADER, 0, "fails its CRC32C");
    }

    @Test
    void unknownHeaderFlagsAreCorruptHeaderAtTheFlags() throws Exception {
        byte[] b = valid.clone();
        b[11] = 1;
        LogFormat.INT.set(b, 12, LogFormat.crc(b, 0, 12));
        assertDamage(damageOf(file(b)), Damage.CORRUPT_HEADER, 10, "flags 0x00000001");
    }

    // ---- records ----

    @Test
    void lengthFieldChangeIsBadLengthAtTheRecord() throws Exception {
        for (int at = 41; at < 45; at++) {
            assertDamage(damageOf(flipped(at)), Damage.BAD_LENGTH, 41, "fails its check byte");
        }
    }

    @Test
    void zeroFilledTailIsBadLength() throws Exception {
        byte[] b = Arrays.copyOf(
                Arrays.copyOf(valid, 70), 70 + 4096); // a crash after the file grew but before data landed
        assertDamage(damageOf(file(b)), Damage.BAD_LENGTH, 70, "0x00000000 fails its check byte");
    }

    @Test
    void crcFieldOrBodyChangeIsCorruptRecord() throws Exception {
        for (int at : new int[] {45, 48, 49, 60, 69}) {
            assertDamage(damageOf(flipped(at)), Damage.CORRUPT_RECORD, 41, "fails its CRC32C check (stored 0x");
        }
        assertDamage(damageOf(flipped(100)), Damage.CORRUPT_RECORD, 70, "fails its CRC32C");
        assertDamage(damageOf(flipped(20)), Damage.CORRUPT_RECORD, 16, "fails its CRC32C");
    }

    @Test
    void cutInsideARecordIsTruncatedAtTheRecord() throws Exception {
        assertDamage(damageOf(cut(50)), Damage.TRUNCATED, 41, "declares a body of 21 bytes but only 1 remain");
        assertDamage(damageOf(cut(44)), Damage.TRUNCATED, 41, "inside the 8-byte record frame");
        assertDamage(damageOf(cut(104)), Damage.TRUNCATED, 70, "declares a body of 27 bytes but only 26 remain");
    }

    @Test
    void cutAtARecordBoundaryIsMissingEnd() throws Exception {
        assertDamage(damageOf(cut(70)), Damage.MISSING_END, 70, "after 1 data records without its end record");
        assertDamage(damageOf(cut(16)), Damage.MISSING_END, 16, "the writer did not close it");
    }

    @Test
    void bytesAfterTheEndRecordAreTrailingData() throws Exception {
        byte[] b = Arrays.copyOf(valid, 110);
        assertDamage(damageOf(file(b)), Damage.TRAILING_DATA, 105, "5 bytes follow the end record");
    }

    @Test
    void aCodecTheReaderLacksIsUnknownCodecAtItsDeclaration() throws Exception {
        ReplayDamageException e = damageOf(file(valid), CodecRegistry.empty());
        assertDamage(e, Damage.UNKNOWN_CODEC, 27, "uses codec 'long'");
    }

    @Test
    void aPayloadTheCodecRejectsIsBadPayload() throws Exception {
        LogBytes short3 = new LogBytes().source(0, "a").codec(0, "long");
        int at = short3.size();
        short3.data(1, 0, 0, new byte[] {1, 2, 3}).end(1);
        assertDamage(
                damageOf(file(short3.bytes())), Damage.BAD_PAYLOAD, at, "codec 'long' could not decode the 3-byte");

        LogBytes long9 = new LogBytes().source(0, "a").codec(0, "long");
        at = long9.size();
        long9.data(1, 0, 0, new byte[9]).end(1);
        assertDamage(damageOf(file(long9.bytes())), Damage.BAD_PAYLOAD, at, "left 1 of 9 payload bytes unread");

        LogBytes bool = new LogBytes().source(0, "a").codec(0, "boolean");
        at = bool.size();
        bool.data(1, 0, 0, new byte[] {7}).end(1);
        assertDamage(damageOf(file(bool.bytes())), Damage.BAD_PAYLOAD, at, "boolean byte is 7");
    }

    // ---- BAD_RECORD: CRC-valid records a recorder never writes ----

    private void assertBadRecord(LogBytes prefix, java.util.function.Consumer<LogBytes> bad, String detail)
            throws Exception {
        int at = prefix.size();
        bad.accept(prefix);
        assertDamage(damageOf(file(prefix.bytes())), Damage.BAD_RECORD, at, detail);
    }

    @Test
    void contentTheFormatForbidsIsBadRecord() throws Exception {
        assertBadRecord(new LogBytes(), l -> l.record(new byte[] {9}), "unknown record type 9");
        assertBadRecord(
                new LogBytes().codec(0, "long"),
                l -> l.dataLong(1, 0, 0, 1),
                "refers to source #0, but only 0 sources");
        assertBadRecord(
                new LogBytes().source(0, "a"), l -> l.dataLong(1, 0, 0, 1), "refers to codec #0, but only 0 codecs");
        assertBadRecord(new LogBytes().source(0, "a"), l -> l.source(2, "b"), "has id 2, expected 1");
        assertBadRecord(new LogBytes().source(0, "a"), l -> l.source(1, "a"), "'a' is declared twice");
        assertBadRecord(new LogBytes(), l -> l.record(new byte[] {LogFormat.SOURCE, 0}), "name is 0 bytes");
        assertBadRecord(
                new LogBytes(),
                l -> l.record(new byte[] {LogFormat.CODEC, 0, (byte) 0xC3, 0x28}),
                "codec name is not valid UTF-8");
        assertBadRecord(
                new LogBytes().source(0, "a").codec(0, "long").dataLong(-1L, 0, 0, 1), // time Long.MAX_VALUE
                l -> l.dataLong(1, 0, 0, 2),
                "takes logical time past Long.MAX_VALUE");
        assertBadRecord(
                new LogBytes().source(0, "a").codec(0, "long"),
                l -> l.record(new byte[] {LogFormat.DATA, (byte) 0x80, (byte) 0x80}),
                "time delta runs past the record's end");
        assertBadRecord(
                new LogBytes().source(0, "a").codec(0, "long").dataLong(1, 0, 0, 1),
                l -> l.end(2),
                "counts 2 data records, the log holds 1");
        assertBadRecord(new LogBytes(), l -> l.record(new byte[] {LogFormat.END, 0}), "end record's body is 2 bytes");
    }

    @Test
    void anEndRecordWithUnknownFlagsIsBadRecord() throws Exception {
        LogBytes l = new LogBytes();
        int at = l.size();
        byte[] body = new byte[LogFormat.END_BODY_SIZE];
        body[0] = LogFormat.END;
        body[9] = 4;
        l.record(body);
        assertDamage(damageOf(file(l.bytes())), Damage.BAD_RECORD, at, "unknown flags 0x00000004");
    }

    // ---- how damage reaches callers ----

    @Test
    void streamingDeliversTheRecordsBeforeTheDamageThenKeepsThrowing() throws Exception {
        Path log = dir.resolve("three.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(0, "a", 1L);
            r.append(1, "a", 2L);
            r.append(2, "a", 3L);
        }
        byte[] b = Files.readAllBytes(log);
        List<Long> starts = LogBytes.recordStarts(b);
        int third = starts.get(4).intValue(); // SOURCE, CODEC, DATA 1, DATA 2, DATA 3, END
        b[third + 12] ^= 1;
        Path damaged = file(b);
        List<Object> seen = new ArrayList<>();
        try (ReplayReader reader = ReplayLog.open(damaged)) {
            seen.add(reader.next().value());
            seen.add(reader.next().value());
            ReplayDamageException e = catchThrowableOfType(ReplayDamageException.class, reader::hasNext);
            assertThat(e.damage()).isEqualTo(Damage.CORRUPT_RECORD);
            assertThat(e.offset()).isEqualTo(third);
            assertThatThrownBy(reader::next).isSameAs(e);
        }
        assertThat(seen).containsExactly(1L, 2L);
    }

    @Test
    void replayCursorAndReadAllDeliverNothingFromADamagedLog() throws Exception {
        Path damaged = cut(104);
        List<ReplayRecord> seen = new ArrayList<>();
        assertThatThrownBy(() -> ReplayLog.replay(damaged, seen::add)).isInstanceOf(ReplayDamageException.class);
        assertThat(seen).isEmpty();
        assertThatThrownBy(() -> ReplayLog.cursor(damaged)).isInstanceOf(ReplayDamageException.class);
        assertThatThrownBy(() -> ReplayLog.readAll(damaged)).isInstanceOf(ReplayDamageException.class);
    }

    @Test
    void aMissingFileIsAnErrorNamingItNotDamage() {
        Path missing = dir.resolve("nope.log");
        assertThatThrownBy(() -> ReplayLog.verify(missing))
                .isExactlyInstanceOf(ReplayException.class)
                .hasMessageContaining(missing + " does not exist");
    }

    @Test
    void everyDamageCodeIsUniqueAndRoundTrips() {
        for (Damage d : Damage.values()) {
            assertThat(Damage.ofCode(d.code())).isSameAs(d);
            assertThat(d.code()).isBetween(1, 255);
        }
        assertThat(Damage.ofCode(0)).isNull();
    }
}
