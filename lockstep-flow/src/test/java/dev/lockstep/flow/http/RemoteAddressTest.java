package dev.lockstep.flow.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.io.BackendKind;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HttpRequest#remoteAddress()} and {@link HttpRequest#arrivalNanos()} on every backend. */
@Timeout(60)
class RemoteAddressTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(1));
        }
    }

    static Stream<BackendKind> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theHandlerSeesThePeersAddressAndPort(BackendKind kind) throws Exception {
        server = Backends.server(kind, r -> {
                    InetSocketAddress a = r.remoteAddress();
                    long waited = System.nanoTime() - r.arrivalNanos();
                    return HttpResponse.text(a.getAddress().getHostAddress() + " " + a.getPort() + " "
                            + (waited >= 0 ? "arrived" : "from the future"));
                })
                .start();
        for (int i = 0; i < 2; i++) { // two connections from two ports
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                s.connect(new InetSocketAddress("127.0.0.1", server.port()));
                s.getOutputStream()
                        .write("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                s.getInputStream().transferTo(b);
                String both = b.toString(StandardCharsets.UTF_8);
                String expected = "127.0.0.1 " + s.getLocalPort() + " arrived";
                assertThat(both.split(expected, -1)).as(both).hasSize(3); // both pipelined requests
            }
        }
    }
}
