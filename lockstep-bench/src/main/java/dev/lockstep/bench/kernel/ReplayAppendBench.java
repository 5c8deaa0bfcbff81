package dev.lockstep.bench.kernel;

import dev.lockstep.bench.Ours;
import dev.lockstep.bench.Peer;
import dev.lockstep.core.replay.Durability;
import dev.lockstep.core.replay.ReplayLog;
import dev.lockstep.core.replay.ReplayRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code replay-append}: records per second appended to a replay log on disk with {@link
 * Durability#everyMillis(long) Durability.everyMillis(10)}; each record is a 64-byte payload
 * from one source, logical time advancing by one per record. Throughput, higher is better.
 *
 * <p>The peer, "buffered FileChannel", writes the same number of bytes per record (the encoded
 * size of one of our records, measured from real logs at setup: frame, type, time delta, ids,
 * payload) into a 64 KiB heap {@link ByteBuffer} in front of a {@link FileChannel}, writing the
 * buffer when it is full, with the same flush rule: when the oldest unflushed record is 10 ms old
 * (by {@link System#nanoTime()}), write and {@code force(false)}. It computes no CRC, frames
 * nothing and takes no lock; the gap is what the log's format, checks and thread safety cost.
 * Ours also runs its background flusher thread, which flushes at the deadline when the appending
 * thread has not yet reached it.
 *
 * <p>Fresh files per iteration (closed and deleted at its end, outside the measurement), in a
 * temporary directory deleted at teardown.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReplayAppendBench {
    static final int PAYLOAD = 64;
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Path dir;
    private byte[] payload;
    private byte[] peerRecord; // as many bytes as one of our records
    private int iteration;

    private ReplayRecorder recorder;
    private long time;

    private FileChannel peer;
    private ByteBuffer peerBuffer;
    private boolean peerPending;
    private long peerFirstUnflushed;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("lockstep-replay-bench");
        payload = new byte[PAYLOAD];
        new Random(42).nextBytes(payload);
        int size = recordSize();
        peerRecord = new byte[size];
        new Random(7).nextBytes(peerRecord);
    }

    /** Bytes one record takes in our log: the size difference between logs of 2000 and 1000 records. */
    private int recordSize() throws IOException {
        long one = sampleLog(1_000);
        long two = sampleLog(2_000);
        if ((two - one) % 1_000 != 0) {
            throw new IllegalStateException("records of unequal size: " + one + " / " + two);
        }
        return (int) ((two - one) / 1_000);
    }

    private long sampleLog(int records) throws IOException {
        Path p = dir.resolve("sample-" + records + ".log");
        try (ReplayRecorder r = ReplayLog.record(p, Durability.onClose())) {
            for (int i = 0; i < records; i++) {
                r.append(i, "bench", payload);
            }
        }
        long size = Files.size(p);
        Files.delete(p);
        return size;
    }

    @Setup(Level.Iteration)
    public void openFiles() throws IOException {
        iteration++;
        recorder = ReplayLog.record(dir.resolve("ours-" + iteration + ".log"), Durability.everyMillis(10));
        time = 0;
        peer = FileChannel.open(
                dir.resolve("peer-" + iteration + ".log"), StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        peerBuffer = ByteBuffer.allocate(64 * 1024);
        peerPending = false;
    }

    @TearDown(Level.Iteration)
    public void closeFiles() throws IOException {
        recorder.close();
        peerDrain();
        peer.force(false);
        peer.close();
        Files.delete(dir.resolve("ours-" + iteration + ".log"));
        Files.delete(dir.resolve("peer-" + iteration + ".log"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> left = Files.walk(dir)) {
            left.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    @Ours("replay-append")
    public void ours() {
        recorder.append(time++, "bench", payload);
    }

    @Benchmark
    @Peer(value = "replay-append", name = "buffered FileChannel")
    public void bufferedFileChannel() throws IOException {
        if (peerBuffer.remaining() < peerRecord.length) {
            peerDrain();
        }
        peerBuffer.put(peerRecord);
        long now = System.nanoTime();
        if (!peerPending) {
            peerPending = true;
            peerFirstUnflushed = now;
        } else if (now - peerFirstUnflushed >= INTERVAL_NANOS) {
            peerDrain();
            peer.force(false);
            peerPending = false;
        }
    }

    private void peerDrain() throws IOException {
        peerBuffer.flip();
        while (peerBuffer.hasRemaining()) {
            peer.write(peerBuffer);
        }
        peerBuffer.clear();
    }
}
