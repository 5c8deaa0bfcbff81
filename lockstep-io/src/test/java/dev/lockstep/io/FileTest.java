package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Files and directories on every backend: offsets, whole files, stat, trees, typed errors. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class FileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void writeAndReadAtOffsetsThenWholeFile(BackendKind kind) {
        Path f = dir.resolve("a.bin");
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            try (IoFile file = IoFile.create(f)) {
                file.write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5, 0);
                file.write("world".getBytes(StandardCharsets.US_ASCII), 0, 5, 10);
                byte[] b = new byte[5];
                int n = file.read(b, 0, 5, 10);
                log.add(n + ":" + new String(b, StandardCharsets.US_ASCII));
                log.add("size " + file.stat().size());
                log.add("eof " + file.read(b, 0, 5, 15));
            }
            try (IoFile file = IoFile.open(f)) {
                byte[] all = file.readAll();
                log.add("all " + all.length + " " + all[5] + " " + (char) all[14]);
                file.writeAll("short".getBytes(StandardCharsets.US_ASCII));
                log.add("now " + new String(file.readAll(), StandardCharsets.US_ASCII));
            }
        });
        rt.run();
        assertThat(log).containsExactly("5:world", "size 15", "eof 0", "all 15 0 d", "now short");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void directoriesAndTreesAndTypedErrors(BackendKind kind) {
        Path d = dir.resolve("d");
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            IoFile.createDirectory(d);
            IoFile.createDirectory(d.resolve("e"));
            try (IoFile f = IoFile.create(d.resolve("e/x.txt"))) {
                f.writeAll(new byte[] {1, 2, 3});
            }
            log.add("dir " + IoFile.stat(d).directory());
            try {
                IoFile.delete(d);
            } catch (IoException e) {
                log.add("delete: " + e.error());
            }
            try {
                IoFile.createDirectory(d);
            } catch (IoException e) {
                log.add("create: " + e.error());
            }
            IoFile.deleteTree(d);
            try {
                IoFile.stat(d);
            } catch (IoException e) {
                log.add("stat: " + e.error() + " " + e.getMessage().contains(d.toString()));
            }
            try {
                IoFile.open(d.resolve("nope"));
            } catch (IoException e) {
                log.add("open: " + e.error());
            }
        });
        rt.run();
        assertThat(log)
                .containsExactly(
                        "dir true",
                        "delete: NOT_EMPTY",
                        "create: ALREADY_EXISTS",
                        "stat: NOT_FOUND true",
                        "open: NOT_FOUND");
        assertThat(Files.exists(d)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void fileWorkDoesNotBlockTheLoop(BackendKind kind) {
        // a task doing file I/O and a task ticking timers interleave: the loop never waits on a file
        Path f = dir.resolve("big.bin");
        int[] ticks = new int[1];
        boolean[] fileDone = new boolean[1];
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            try (IoFile file = IoFile.create(f)) {
                byte[] chunk = new byte[1 << 16];
                for (int i = 0; i < 256; i++) {
                    file.write(chunk, 0, chunk.length, (long) i * chunk.length);
                }
            }
            fileDone[0] = true;
        });
        rt.spawn(r -> {
            while (!fileDone[0]) {
                r.yieldNow();
                ticks[0]++;
            }
        });
        rt.run();
        assertThat(ticks[0]).isGreaterThan(256); // it ran while each write was on the pool
    }
}
