package dev.lockstep.io.stress;

import dev.lockstep.io.IoError;
import dev.lockstep.io.IoException;
import dev.lockstep.io.IoFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A local file chain: random writes at random offsets (leaving holes), reads of random ranges,
 * whole-file reads, stat and whole-file replacement on one file, each checked against an
 * in-memory model of what the file must hold; then close, delete, and stat must say NOT_FOUND.
 */
final class LocalChains {
    private LocalChains() {}

    static void run(StressPlan.LocalChain chain, Path dir, Consumer<String> track) {
        SplittableRandom rnd = new SplittableRandom(chain.seed());
        Path f = dir.resolve("local-" + chain.id() + ".bin");
        int cap = chain.capacity();
        byte[] model = new byte[cap];
        int length = 0;
        String at = "local chain " + chain.id() + " (" + f.getFileName() + ")";
        try (IoFile file = IoFile.create(f)) {
            for (int op = 0; op < chain.ops(); op++) {
                String where = at + " op " + op;
                int k = rnd.nextInt(10);
                if (k < 4) {
                    int off = rnd.nextInt(cap);
                    int n = 1 + rnd.nextInt(Math.min(cap - off, 65_536));
                    byte[] data = Bytes.payload(rnd.nextLong(), n);
                    track.accept(where + ": write " + n + " at " + off);
                    file.write(data, 0, n, off);
                    System.arraycopy(data, 0, model, off, n);
                    length = Math.max(length, off + n);
                } else if (k < 7) {
                    int off = rnd.nextInt(cap);
                    int n = 1 + rnd.nextInt(Math.min(cap - off, 65_536));
                    track.accept(where + ": read " + n + " at " + off);
                    byte[] buf = new byte[n];
                    int got = 0;
                    while (got < n) {
                        int r = file.read(buf, got, n - got, (long) off + got);
                        if (r == 0) {
                            break;
                        }
                        got += r;
                    }
                    int expected = Math.max(0, Math.min(n, length - off));
                    if (got != expected) {
                        throw new AssertionError(where + ": read " + got + " bytes at " + off + ", expected " + expected
                                + " (file length " + length + ")");
                    }
                    Bytes.check(where + ": read at " + off, model, off, buf, 0, got);
                } else if (k == 7) {
                    track.accept(where + ": readAll");
                    byte[] all = file.readAll();
                    if (all.length != length) {
                        throw new AssertionError(where + ": readAll gave " + all.length + " bytes, expected " + length);
                    }
                    Bytes.check(where + ": readAll", model, 0, all, 0, length);
                } else if (k == 8) {
                    track.accept(where + ": stat");
                    long size = file.stat().size();
                    if (size != length) {
                        throw new AssertionError(where + ": stat says " + size + " bytes, expected " + length);
                    }
                } else {
                    int n = rnd.nextInt(cap + 1);
                    byte[] data = Bytes.payload(rnd.nextLong(), n);
                    track.accept(where + ": writeAll " + n);
                    file.writeAll(data);
                    Arrays.fill(model, (byte) 0);
                    System.arraycopy(data, 0, model, 0, n);
                    length = n;
                }
            }
        }
        track.accept(at + ": delete");
        IoFile.delete(f);
        try {
            IoFile.stat(f);
            throw new AssertionError(at + ": stat of the deleted file succeeded");
        } catch (IoException e) {
            if (e.error() != IoError.NOT_FOUND) {
                throw new AssertionError(
                        at + ": stat of the deleted file failed with " + e.error() + ", not NOT_FOUND", e);
            }
        }
    }
}
