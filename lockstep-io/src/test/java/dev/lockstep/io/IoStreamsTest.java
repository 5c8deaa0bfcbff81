package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Copying streams to sockets and files on every backend, every byte checked. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class IoStreamsTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void aStreamGoesToASocketThenToAFileThenBackToAStream(BackendKind kind, @TempDir Path dir) throws Exception {
        byte[] data = new byte[1_000_003]; // not a multiple of the chunk
        new Random(3).nextBytes(data);
        Path file = dir.resolve("copy.bin");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> counts = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(ANY);
            r.spawn(c -> {
                try (TcpSocket s = TcpSocket.connect(l.address())) {
                    counts.add(IoStreams.copy(IoStreams.from(new ByteArrayInputStream(data)), s));
                }
            });
            try (TcpSocket s = l.accept();
                    IoFile f = IoFile.create(file)) {
                counts.add(IoStreams.copy(s, IoStreams.to(f, 5), new byte[1000])); // from offset 5
                counts.add(IoStreams.copy(IoStreams.from(f, 5), IoStreams.to(out)));
            }
            l.close();
        });
        rt.run();
        assertThat(counts).containsExactly((long) data.length, (long) data.length, (long) data.length);
        assertThat(out.toByteArray()).isEqualTo(data);
        byte[] onDisk = Files.readAllBytes(file);
        assertThat(onDisk).hasSize(data.length + 5);
        assertThat(java.util.Arrays.copyOfRange(onDisk, 5, onDisk.length)).isEqualTo(data);
    }

    @Test
    void badArgumentsAreClearErrors() {
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoRuntime.builder().build();
        rt.spawn(r -> {
            try {
                IoStreams.copy((b, o, n) -> 0, (b, o, n) -> {}, new byte[0]);
            } catch (IllegalArgumentException e) {
                log.add(e.getMessage());
            }
        });
        rt.run();
        assertThat(log).containsExactly("copy needs a buffer of at least one byte");
        assertThatThrownBy(() -> IoStreams.from(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a task");
    }
}
