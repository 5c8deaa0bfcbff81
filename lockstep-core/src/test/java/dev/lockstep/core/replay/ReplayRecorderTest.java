package dev.lockstep.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.core.TestSupport;
import dev.lockstep.core.time.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durability policies (what is on disk when), and the recorder refusing misuse. */
class ReplayRecorderTest {
    @TempDir
    Path dir;

    private static final long MS = 1_000_000L;

    /** What a second reader sees of a log being written: the records on disk, then (not closed) MISSING_END. */
    private static List<Object> onDisk(Path log) {
        List<Object> values = new ArrayList<>();
        try (ReplayReader r = ReplayLog.open(log)) {
            while (r.hasNext()) {
                values.add(r.next().value());
            }
            values.add("END");
        } catch (ReplayDamageException e) {
            assertThat(e.damage()).as(e.getMessage()).isEqualTo(Damage.MISSING_END);
        }
        return values;
    }

    // ---- durability ----

    @Test
    void eachRecordIsOnDiskWhenAppendReturns() throws Exception {
        Path log = dir.resolve("each.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.eachRecord())) {
            List<Object> expected = new ArrayList<>();
            for (long i = 0; i < 20; i++) {
                r.append(i, "in", i);
                expected.add(i);
                assertThat(onDisk(log)).isEqualTo(expected);
                assertThat(r.bytesFlushed()).isEqualTo(r.bytesWritten()).isEqualTo(Files.size(log));
            }
            assertThat(r.flushes()).isEqualTo(21); // the header, then one per record
        }
        assertThat(onDisk(log)).hasSize(21).endsWith("END");
    }

    @Test
    void everyMillisFlushesWhenTheOldestRecordIsDueByTheInjectedClock() throws Exception {
        VirtualClock clock = new VirtualClock();
        Path log = dir.resolve("every.log");
        try (ReplayRecorder r = ReplayLog.recorder(log)
                .durability(Durability.everyMillis(10))
                .clock(clock)
                .backgroundFlush(false)
                .open()) {
            r.append(0, "in", 0L); // the oldest unflushed record, at clock 0
            clock.advance(9 * MS);
            r.append(1, "in", 1L);
            assertThat(r.flushIfDue()).isFalse();
            assertThat(Files.size(log)).isEqualTo(LogFormat.HEADER_SIZE);
            assertThat(onDisk(log)).isEmpty();

            clock.advance(1 * MS); // 10 ms after the oldest: due
            assertThat(r.flushIfDue()).isTrue();
            assertThat(onDisk(log)).containsExactly(0L, 1L);
            assertThat(r.bytesFlushed()).isEqualTo(Files.size(log));
            assertThat(r.flushIfDue()).isFalse(); // nothing waits

            r.append(2, "in", 2L); // starts a new window at clock 10 ms
            clock.advance(10 * MS);
            assertThat(onDisk(log)).containsExactly(0L, 1L);
            r.append(3, "in", 3L); // the append that finds the window due flushes, itself included
            assertThat(onDisk(log)).containsExactly(0L, 1L, 2L, 3L);
            assertThat(r.flushes()).isEqualTo(3); // header, flushIfDue, the append
        }
    }

    @Test
    void everyMillisBackgroundFlusherBoundsTheWindowWhenAppendsStop() throws Exception {
        VirtualClock clock = new VirtualClock();
        Path log = dir.resolve("background.log");
        try (ReplayRecorder r = ReplayLog.recorder(log)
                .durability(Durability.everyMillis(10))
                .clock(clock)
                .open()) {
            r.append(0, "in", 42L);
            assertThat(onDisk(log)).isEmpty();
            clock.advance(10 * MS); // no more appends: only the background flusher can flush
            // wait for the force, not the write: a reader can see the bytes before force returns
            assertThat(TestSupport.eventually(() -> r.bytesFlushed() > LogFormat.HEADER_SIZE))
                    .as("the background flusher flushed the due record")
                    .isTrue();
            assertThat(onDisk(log)).containsExactly(42L);
            assertThat(r.bytesFlushed()).isEqualTo(Files.size(log));
        }
    }

    @Test
    void onCloseWritesFullBatchesButForcesOnlyOnClose() throws Exception {
        Path log = dir.resolve("close.log");
        ReplayRecorder r = ReplayLog.record(log, Durability.onClose());
        r.append(0, "in", new byte[100]);
        assertThat(Files.size(log)).isEqualTo(LogFormat.HEADER_SIZE);
        for (int i = 0; i < 1000; i++) {
            r.append(i, "in", new byte[100]);
        }
        assertThat(Files.size(log)).as("a full batch is written").isGreaterThan(ReplayRecorder.BATCH_BYTES);
        assertThat(r.flushes()).isZero();
        assertThat(r.bytesFlushed()).isZero();
        r.close();
        assertThat(r.flushes()).isEqualTo(1);
        assertThat(ReplayLog.verify(log).records()).isEqualTo(1001);
    }

    @Test
    void explicitFlushWorksUnderEveryPolicy() throws Exception {
        Path log = dir.resolve("flush.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(0, "in", 5L);
            r.flush();
            assertThat(onDisk(log)).containsExactly(5L);
            assertThat(r.flushIfDue()).isFalse();
        }
    }

    @Test
    void concurrentAppendersAreAllLoggedInTheirOwnOrder() throws Exception {
        Path log = dir.resolve("threads.log");
        int threads = 4;
        int each = TestSupport.rounds(2_000);
        CountDownLatch start = new CountDownLatch(1);
        try (ReplayRecorder r = ReplayLog.record(log, Durability.everyMillis(1))) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String source = "thread-" + t;
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (long i = 0; i < each; i++) {
                        r.append(0, source, i);
                        if (i % 500 == 0) {
                            r.flush();
                        }
                    }
                });
                th.start();
                ts.add(th);
            }
            start.countDown();
            for (Thread th : ts) {
                th.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
        long[] next = new long[threads];
        for (ReplayRecord rec : ReplayLog.readAll(log)) {
            int t = Integer.parseInt(rec.source().substring("thread-".length()));
            assertThat(rec.value()).as("record of %s", rec.source()).isEqualTo(next[t]);
            next[t]++;
        }
        assertThat(next).containsOnly(each);
    }

    // ---- misuse ----

    @Test
    void logicalTimeNeverDecreases() throws Exception {
        Path log = dir.resolve("time.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(7, "a", 1L);
            assertThatThrownBy(() -> r.append(4, "b", 2L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("source 'b' appended logical time 4 after time 7 from source 'a'");
            r.append(7, "b", 3L); // equal times are fine
        }
        assertThat(ReplayLog.readAll(log)).extracting(ReplayRecord::value).containsExactly(1L, 3L);
    }

    @Test
    void appendAfterCloseIsRefusedAndCloseIsIdempotent() {
        ReplayRecorder r = ReplayLog.record(dir.resolve("closed.log"), Durability.eachRecord());
        r.close();
        r.close();
        assertThatThrownBy(() -> r.append(0, "late", 1L))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed: cannot append from source 'late' at time 0");
    }

    @Test
    void anExistingFileIsNotReplacedUnlessAsked() throws Exception {
        Path log = dir.resolve("exists.log");
        Files.writeString(log, "precious");
        assertThatThrownBy(() -> ReplayLog.record(log, Durability.onClose()))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining(log + ": cannot create");
        assertThat(Files.readString(log)).isEqualTo("precious");
        try (ReplayRecorder r = ReplayLog.recorder(log).replaceExisting(true).open()) {
            r.append(0, "x", 1L);
        }
        assertThat(ReplayLog.verify(log).records()).isEqualTo(1);
    }

    @Test
    void rejectedValuesLeaveTheLogValid() throws Exception {
        Path log = dir.resolve("rejected.log");
        Codec<String> failing = Codec.of(
                "failing",
                String.class,
                (s, out) -> {
                    out.writeUtf8(s);
                    throw new IllegalStateException("boom");
                },
                in -> in.readUtf8(in.remaining()));
        Codec<Long> impostor = Codec.of("long", Long.class, (v, out) -> out.writeLong(v), PayloadReader::readLong);
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            r.append(0, "ok", 1L);
            assertThatThrownBy(() -> r.append(1, "ok", new Object()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no codec for type java.lang.Object");
            assertThatThrownBy(() -> r.append(1, "ok", "text", failing))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(
                            "codec 'failing' could not encode the value from source 'ok' at time 1: boom");
            assertThatThrownBy(() -> r.append(1, "ok", "\uD800 lone"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired surrogate");
            assertThatThrownBy(() -> r.append(1, "ok", 2L, impostor))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("codec name 'long' is already used in this log by another codec");
            assertThatThrownBy(() -> r.append(1, "x".repeat(256), 2L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("source name")
                    .hasMessageContaining("256 bytes");
            assertThatThrownBy(() -> r.append(1, "ok", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> r.append(1, "big", new byte[LogFormat.MAX_BODY]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("record too large");
            r.append(2, "ok", 3L);
        }
        assertThat(ReplayLog.readAll(log)).extracting(ReplayRecord::value).containsExactly(1L, 3L);
        LogSummary s = ReplayLog.verify(log);
        assertThat(s.sources()).as("no declaration of a refused record stays").containsExactly("ok");
        assertThat(s.codecs()).containsExactly("long");
    }

    @Test
    void everyFlushLeavesAReadablePrefix() throws Exception {
        Path log = dir.resolve("prefix.log");
        try (ReplayRecorder r = ReplayLog.record(log, Durability.onClose())) {
            for (int i = 0; i < 3000; i++) {
                r.append(i, "s" + (i % 7), new byte[i % 300]);
                if (i % 100 == 0) {
                    RecoveryReport d = ReplayLog.diagnose(log);
                    assertThat(d.damage()).as("after %d appends: %s", i + 1, d).isEqualTo(Damage.MISSING_END);
                    assertThat(d.keptBytes()).isEqualTo(Files.size(log));
                }
            }
        }
        assertThat(ReplayLog.verify(log).records()).isEqualTo(3000);
    }

    @Test
    void aWriteFailureIsReportedByEveryLaterCallAndLeavesARecoverablePrefix() throws Exception {
        Path log = dir.resolve("interrupted.log");
        ReplayRecorder r = ReplayLog.record(log, Durability.eachRecord());
        r.append(0, "in", 1L);
        Thread.currentThread().interrupt(); // NIO closes an interrupted thread's channel
        ReplayException first;
        try {
            first = catchThrowableOfType(ReplayException.class, () -> r.append(1, "in", 2L));
        } finally {
            Thread.interrupted();
        }
        assertThat(first).hasMessageContaining(log + ": write failed");
        assertThatThrownBy(() -> r.append(2, "in", 3L))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("failed earlier and accepts no more records");
        assertThatThrownBy(r::close).isSameAs(ReplayException.class.cast(first));
        assertThatThrownBy(() -> ReplayLog.verify(log)).isInstanceOf(ReplayDamageException.class);
        RecoveryReport report = ReplayLog.recover(log);
        assertThat(report.records()).isEqualTo(1);
        assertThat(ReplayLog.readAll(log)).extracting(ReplayRecord::value).containsExactly(1L);
    }

    @Test
    void durabilityRejectsABadInterval() {
        assertThatThrownBy(() -> Durability.everyMillis(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("everyMillis(0)");
        assertThat(Durability.everyMillis(10)).isEqualTo(Durability.everyMillis(10));
        assertThat(Durability.everyMillis(10).intervalMillis()).isEqualTo(10);
    }
}
