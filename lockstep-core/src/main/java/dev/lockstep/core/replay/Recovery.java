package dev.lockstep.core.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Recovery: finds the first damage with a {@link LogScanner} (structure only: no codecs, so an
 * unknown codec or an undecodable payload is not damage here), keeps every byte before the end
 * of the last good record, and closes the kept part with a new end record that carries the
 * recovered flag and what was dropped, so a later reader knows ({@link LogSummary#recovery()}).
 *
 * <p>A header that is a prefix of a valid one (a file cut inside its first 16 bytes) is rebuilt;
 * any other header damage (wrong magic or version, corrupt header) means the file may not be a
 * log this code wrote, and recovery refuses by throwing the damage.
 */
final class Recovery {
    private Recovery() {}

    /** Where the scan stopped. */
    private record Scan(long records, long keptBytes, int chain, long size, ReplayDamageException damage) {}

    static RecoveryReport diagnose(Path path) {
        Scan s;
        try {
            s = scan(path);
        } catch (ReplayDamageException headerDamage) {
            return report(path, null, new Scan(0, 0, 0, sizeOf(path), headerDamage));
        }
        return report(path, null, s);
    }

    /** Recovers {@code path} into {@code target}, or in place when {@code target} is null. */
    static RecoveryReport recover(Path path, Path target) {
        Scan s = scan(path);
        if (s.damage == null) {
            if (target == null) {
                return report(path, null, s);
            }
            copy(path, target, s.size, null, s); // a whole log is copied as it is
            return report(path, target, s);
        }
        copy(path, target == null ? path : target, s.keptBytes, s.damage, s);
        return report(path, target == null ? path : target, s);
    }

    private static RecoveryReport report(Path path, Path output, Scan s) {
        ReplayDamageException d = s.damage;
        return new RecoveryReport(
                path,
                output,
                s.records,
                d == null ? s.size : s.keptBytes,
                d == null ? 0 : s.size - s.keptBytes,
                d == null ? null : d.damage(),
                d == null ? -1 : d.offset(),
                d == null ? null : d.detail());
    }

    private static Scan scan(Path path) {
        LogScanner sc;
        try {
            sc = LogScanner.open(path);
        } catch (ReplayDamageException e) {
            if (e.damage() == Damage.TRUNCATED && e.offset() == 0) { // a cut header: rebuild it, keep nothing
                return new Scan(0, 0, 0, sizeOf(path), e);
            }
            throw e;
        }
        try (sc) {
            while (!sc.ended) {
                sc.next();
            }
            return new Scan(sc.dataRecords, sc.size, sc.prevCrc, sc.size, null);
        } catch (ReplayDamageException e) {
            if (e.damage() == Damage.TRAILING_DATA) { // the end record was good; it is replaced by a marked one
                return new Scan(sc.dataRecords, sc.recordOffset, sc.crcBefore, sc.size, e);
            }
            return new Scan(sc.dataRecords, sc.position, sc.prevCrc, sc.size, e);
        }
    }

    private static long sizeOf(Path path) {
        try {
            return java.nio.file.Files.size(path);
        } catch (IOException e) {
            throw new ReplayException("replay log " + path + ": cannot read its size: " + e, e);
        }
    }

    /**
     * Writes {@code keep} bytes of {@code from} to {@code to} (truncating in place when they are
     * the same file), then a recovered end record unless {@code damage} is null, then forces.
     */
    private static void copy(Path from, Path to, long keep, ReplayDamageException damage, Scan s) {
        boolean inPlace = from.equals(to);
        try (FileChannel out = inPlace
                ? FileChannel.open(to, StandardOpenOption.WRITE)
                : FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            int chain = s.chain;
            long pos = keep;
            if (keep < LogFormat.HEADER_SIZE) { // a cut header: write a whole one
                byte[] header = new byte[LogFormat.HEADER_SIZE];
                chain = LogFormat.writeHeader(header);
                out.truncate(0);
                writeFully(out, header, 0);
                pos = LogFormat.HEADER_SIZE;
            } else if (inPlace) {
                out.truncate(keep);
            } else {
                try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
                    long done = 0;
                    while (done < keep) {
                        done += out.transferFrom(in, done, keep - done);
                    }
                }
            }
            if (damage != null) {
                byte[] end = new byte[LogFormat.FRAME_SIZE + LogFormat.END_BODY_SIZE];
                LogFormat.putEnd(
                        end,
                        0,
                        new CRC32C(),
                        chain,
                        s.records,
                        LogFormat.END_FLAG_RECOVERED,
                        s.size - s.keptBytes,
                        damage.offset(),
                        damage.damage().code());
                writeFully(out, end, pos);
            }
            out.force(false);
        } catch (IOException e) {
            throw new ReplayException("replay log " + from + ": recovery could not write " + to + ": " + e, e);
        }
    }

    private static void writeFully(FileChannel ch, byte[] b, long at) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            ch.write(bb, at + bb.position());
        }
    }
}
