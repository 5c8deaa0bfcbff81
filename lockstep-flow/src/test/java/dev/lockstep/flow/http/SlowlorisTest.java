package dev.lockstep.flow.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.io.BackendKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Slowloris: many connections that send a request head one byte at a time never stop normal
 * clients from being served, and each slow one gets 408 once its head has taken longer than the read
 * timeout. Default: 1000 slow connections, 3 drip rounds, a 1.5 s read timeout (a few seconds per
 * backend); {@code -Dlockstep.stress=long}: 5000 connections, 10 rounds, 5 s.
 */
@Timeout(300)
class SlowlorisTest {
    static final boolean LONG = "long".equals(System.getProperty("lockstep.stress"));
    static final int SLOW = LONG ? 5000 : 1000;
    static final int ROUNDS = LONG ? 10 : 3;
    static final Duration READ_TIMEOUT = Duration.ofMillis(LONG ? 5000 : 1500);

    static Stream<BackendKind> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void slowConnectionsDoNotStopNormalClients(BackendKind kind) throws Exception {
        HttpServer server = Backends.server(kind, r -> HttpResponse.text("ok " + r.path()))
                .readTimeout(READ_TIMEOUT)
                .start();
        List<RawClient> slow = new ArrayList<>(SLOW);
        try {
            for (int i = 0; i < SLOW; i++) {
                slow.add(new RawClient(server.port()).send("GET /slow HTTP/1.1\r\nHost: a\r\nX-Drip: "));
            }
            int served = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (RawClient c : slow) {
                    c.send("x"); // one more byte of a head that never ends
                }
                for (int i = 0; i < 20; i++) {
                    try (RawClient c = new RawClient(server.port())) {
                        RawClient.Response r = c.send("GET /n" + i + " HTTP/1.1\r\nHost: a\r\n\r\n")
                                .read();
                        assertThat(r.text()).isEqualTo("ok /n" + i);
                        served++;
                    }
                }
                Thread.sleep(READ_TIMEOUT.toMillis() / (2L * ROUNDS));
            }
            assertThat(served).isEqualTo(20 * ROUNDS);
            // every slow connection is cut off with 408 once its head is older than the read timeout
            for (RawClient c : slow) {
                RawClient.Response r = c.read();
                assertThat(r.status()).isEqualTo(408);
                assertThat(c.closedByServer()).isTrue();
            }
        } finally {
            slow.forEach(RawClient::close);
            server.shutdown(Duration.ofSeconds(1));
        }
    }
}
