package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Unix domain stream sockets on every backend, through the same TcpListener and TcpSocket. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class UnixSocketTest {
    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void echoOverAUnixSocketAndTheFileGoesWithTheListener(BackendKind kind, @TempDir Path dir) {
        UnixDomainSocketAddress at = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        byte[] back = new byte[data.length];
        List<String> log = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            TcpListener l = TcpListener.bind(at);
            log.add("file while listening: " + Files.exists(at.getPath()));
            r.spawn(c -> {
                try (TcpSocket s = TcpSocket.connect(at)) {
                    r.spawn(w -> s.sendAll(data, 0, data.length));
                    s.recvAll(back, 0, back.length);
                }
            });
            try (TcpSocket s = l.accept()) {
                IoStreams.copy((b, o, n) -> s.recv(b, o, n), s); // echo until the client closes
            }
            l.close();
            log.add("file after close: " + Files.exists(at.getPath()));
            try {
                l.address();
            } catch (IllegalStateException e) {
                log.add("address(): " + e.getMessage().contains("socketAddress()"));
            }
        });
        rt.run();
        assertThat(back).isEqualTo(data);
        assertThat(log).containsExactly("file while listening: true", "file after close: false", "address(): true");
    }

    @ParameterizedTest
    @MethodSource("dev.lockstep.io.IoBackends#all")
    void connectingToAMissingPathIsNotFound(BackendKind kind, @TempDir Path dir) {
        List<IoError> errors = new ArrayList<>();
        IoRuntime rt = IoBackends.runtime(kind);
        rt.spawn(r -> {
            try {
                TcpSocket.connect(UnixDomainSocketAddress.of(dir.resolve("nobody.sock")));
            } catch (IoException e) {
                errors.add(e.error());
            }
        });
        rt.run();
        assertThat(errors).containsExactly(IoError.NOT_FOUND);
    }
}
