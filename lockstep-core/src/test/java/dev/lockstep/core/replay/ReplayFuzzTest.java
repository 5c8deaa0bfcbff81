package dev.lockstep.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lockstep.core.time.ClockReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages valid logs (flipped bytes, truncation at any point) and checks that reading never
 * crashes (only {@link ReplayDamageException}), never hangs (a generous preemptive timeout per
 * batch, a hang guard, not a speed check) and always reports the damage, at the structure that
 * holds the first damaged byte. A single changed byte and any truncation are guaranteed to be
 * found (see {@link LogFormat}); several changed bytes in one record are found unless CRC32C
 * collides (2^-32), which fixed seeds keep out of the suite. Tries are a few thousand; many more
 * with {@code -Dlockstep.stress=long}.
 */
class ReplayFuzzTest {
    private static final boolean LONG = "long".equals(System.getProperty("lockstep.stress"));
    private static final int SCALE = LONG ? 25 : 1;
    private static final Duration HANG_GUARD = Duration.ofMinutes(LONG ? 30 : 2);

    @TempDir
    Path dir;

    /** A valid log, its bytes, its record starts (size last) and its records' values. */
    record Sample(String name, byte[] bytes, List<Long> starts, List<ReplayRecord> records) {}

    List<Sample> corpus = new ArrayList<>();
    Path scratch;

    @BeforeEach
    void buildCorpus() throws Exception {
        scratch = dir.resolve("scratch.log");
        add("one-record", r -> r.append(1, "a", 7L));
        add("empty", r -> {});
        add("mixed", r -> {
            Random rnd = new Random(42);
            for (int i = 0; i < 120; i++) {
                long t = i / 3;
                switch (rnd.nextInt(6)) {
                    case 0 -> r.append(t, "keys", "k" + rnd.nextInt(1000));
                    case 1 -> r.append(t, "mouse", rnd.nextLong());
                    case 2 -> r.append(t, "net", randomBytes(rnd, rnd.nextInt(200)));
                    case 3 -> r.append(t, "clock", new ClockReading(ClockReading.Kind.NANO_TIME, rnd.nextLong()));
                    case 4 -> r.append(t, "samples", new long[] {rnd.nextLong(), rnd.nextLong()});
                    default -> r.append(t, "flag", rnd.nextBoolean());
                }
            }
        });
        add("large", r -> {
            Random rnd = new Random(7);
            r.append(0, "small", 1L);
            r.append(1, "big", randomBytes(rnd, 70_000));
            r.append(2, "small", 2L);
        });
        byte[] recovered = Arrays.copyOf(
                corpus.get(2).bytes(), (int) (long) corpus.get(2).starts().get(40) + 3);
        Path torn = Files.write(dir.resolve("torn.log"), recovered);
        ReplayLog.recover(torn);
        addFile("recovered", torn);
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private void add(String name, java.util.function.Consumer<ReplayRecorder> run) throws Exception {
        Path p = dir.resolve(name + ".log");
        ReplayLog.record(p, Durability.onClose(), run);
        addFile(name, p);
    }

    private void addFile(String name, Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        corpus.add(new Sample(name, b, LogBytes.recordStarts(b), ReplayLog.readAll(p)));
    }

    /** The sample to damage: the large one rarely, it is slow to write. */
    private Sample pick(Random rnd) {
        Sample s = corpus.get(rnd.nextInt(corpus.size()));
        return s.name().equals("large") && rnd.nextInt(8) != 0 ? corpus.get(2) : s;
    }

    /** Reads {@code bytes} as a log; returns the damage, failing the test on anything else. */
    private ReplayDamageException read(byte[] bytes, String what) throws Exception {
        Files.write(scratch, bytes);
        try {
            ReplayLog.verify(scratch);
        } catch (ReplayDamageException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("reading " + what + " crashed instead of reporting damage: " + t, t);
        }
        return fail("damage not reported: " + what);
    }

    /** Where the structure holding byte {@code p} starts, as damage there is reported. */
    private static long structureOf(Sample s, long p) {
        if (p < 8) {
            return 0; // magic
        }
        if (p < 10) {
            return 8; // version
        }
        if (p < LogFormat.HEADER_SIZE) {
            return 0; // flags and CRC: the header CRC fails
        }
        List<Long> starts = s.starts();
        int i = 0;
        while (starts.get(i + 1) <= p) {
            i++;
        }
        return starts.get(i);
    }

    private static Damage singleFlipDamage(Sample s, int p) {
        if (p < 8) {
            return Damage.BAD_MAGIC;
        }
        if (p < 10) {
            return Damage.WRONG_VERSION;
        }
        if (p < LogFormat.HEADER_SIZE) {
            return Damage.CORRUPT_HEADER;
        }
        return p - structureOf(s, p) < 4 ? Damage.BAD_LENGTH : Damage.CORRUPT_RECORD;
    }

    @Test
    void everySingleChangedByteIsReportedAtTheStructureHoldingIt() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Random rnd = new Random(1);
            // every position of the small samples, then random positions anywhere
            for (Sample s : corpus) {
                if (s.bytes().length <= 2_000) {
                    for (int p = 0; p < s.bytes().length; p++) {
                        singleFlip(s, p, 1 + rnd.nextInt(255));
                    }
                }
            }
            for (int i = 0; i < 1_500 * SCALE; i++) {
                Sample s = pick(rnd);
                singleFlip(s, rnd.nextInt(s.bytes().length), 1 + rnd.nextInt(255));
            }
        });
    }

    private void singleFlip(Sample s, int p, int mask) throws Exception {
        byte[] b = s.bytes().clone();
        b[p] ^= (byte) mask;
        String what = s.name() + " with byte " + p + " xor " + mask;
        ReplayDamageException e = read(b, what);
        assertThat(e.damage()).as(what + ": " + e.getMessage()).isEqualTo(singleFlipDamage(s, p));
        assertThat(e.offset()).as(what + ": " + e.getMessage()).isEqualTo(structureOf(s, p));
    }

    @Test
    void severalChangedBytesAreReportedAtTheFirst() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Random rnd = new Random(2);
            for (int i = 0; i < 1_000 * SCALE; i++) {
                Sample s = pick(rnd);
                byte[] b = s.bytes().clone();
                int flips = 2 + rnd.nextInt(7);
                int first = Integer.MAX_VALUE;
                boolean near = rnd.nextBoolean(); // a burst in one place, or scattered
                int base = rnd.nextInt(b.length);
                for (int k = 0; k < flips; k++) {
                    int p = near ? Math.min(b.length - 1, base + rnd.nextInt(6)) : rnd.nextInt(b.length);
                    b[p] ^= (byte) (1 + rnd.nextInt(255));
                    first = Math.min(first, p);
                }
                if (Arrays.equals(b, s.bytes())) {
                    continue; // the flips cancelled out
                }
                first = firstDifference(b, s.bytes());
                String what = s.name() + " with " + flips + " changed bytes, first at " + first + " (try " + i + ")";
                ReplayDamageException e = read(b, what);
                assertThat(e.offset()).as(what + ": " + e.getMessage()).isEqualTo(structureOf(s, first));
            }
        });
    }

    private static int firstDifference(byte[] a, byte[] b) {
        return Arrays.mismatch(a, b);
    }

    @Test
    void everyTruncationIsReported() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Random rnd = new Random(3);
            for (Sample s : corpus) {
                if (s.bytes().length <= 2_000) {
                    for (int cut = 0; cut < s.bytes().length; cut++) {
                        truncated(s, cut);
                    }
                }
            }
            for (int i = 0; i < 500 * SCALE; i++) {
                Sample s = pick(rnd);
                truncated(s, rnd.nextInt(s.bytes().length));
            }
        });
    }

    private void truncated(Sample s, int cut) throws Exception {
        String what = s.name() + " cut to " + cut + " of " + s.bytes().length + " bytes";
        ReplayDamageException e = read(Arrays.copyOf(s.bytes(), cut), what);
        if (cut < LogFormat.HEADER_SIZE) {
            assertThat(e.damage()).as(what).isEqualTo(Damage.TRUNCATED);
            assertThat(e.offset()).as(what).isZero();
        } else if (s.starts().contains((long) cut)) {
            assertThat(e.damage()).as(what).isEqualTo(Damage.MISSING_END);
            assertThat(e.offset()).as(what).isEqualTo(cut);
        } else {
            assertThat(e.damage()).as(what).isEqualTo(Damage.TRUNCATED);
            assertThat(e.offset()).as(what).isEqualTo(structureOf(s, cut));
        }
    }

    @Test
    void recoveryOfAnyDamageKeepsExactlyTheRecordsBeforeIt() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Random rnd = new Random(4);
            Path target = dir.resolve("target.log");
            for (int i = 0; i < 400 * SCALE; i++) {
                Sample s = pick(rnd);
                byte[] b = rnd.nextBoolean()
                        ? Arrays.copyOf(s.bytes(), rnd.nextInt(s.bytes().length))
                        : flip(s.bytes(), rnd);
                String what = s.name() + " damaged (try " + i + ")";
                Files.write(scratch, b);
                Files.deleteIfExists(target);
                RecoveryReport report;
                try {
                    report = ReplayLog.recover(scratch, target);
                } catch (ReplayDamageException headerDamage) {
                    assertThat(headerDamage.offset()).as(what).isLessThan(LogFormat.HEADER_SIZE);
                    continue; // recovery refuses a damaged header (not a cut one)
                }
                assertThat(report.damaged()).as(what).isTrue();
                List<ReplayRecord> kept = ReplayLog.readAll(target);
                assertThat(kept).as(what).hasSize((int) report.records());
                for (int k = 0; k < kept.size(); k++) {
                    ReplayRecord a = kept.get(k);
                    ReplayRecord o = s.records().get(k);
                    assertThat(a.offset()).isEqualTo(o.offset());
                    assertThat(a.logicalTime()).isEqualTo(o.logicalTime());
                    assertThat(ReplayRoundTripTest.sameValue(a.value(), o.value()))
                            .as(what)
                            .isTrue();
                }
                long lost = s.records().stream()
                        .filter(r -> r.offset() >= report.keptBytes())
                        .count();
                assertThat(report.records() + lost)
                        .as(what)
                        .isEqualTo(s.records().size());
                assertThat(ReplayLog.verify(target).recovered()).isTrue();
            }
        });
    }

    private static byte[] flip(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
        return b;
    }
}
