package dev.lockstep.bench.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.bench.io.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each peer of the flow suite answers the suite's three routes alike: started as the suite starts
 * it (its own JVM, {@link ServerProcess}, not pinned here) on a free port, against a seeded SQLite
 * file and a {@link FlowBackend} in this JVM, asked with the JDK's HttpClient. (In their own JVMs
 * also because Helidon installs a JVM-wide deserialization filter, which would break JMH's fork
 * link in the bench tests that run later in this JVM.) The backend runs with a join barrier of three: {@code /need3} gets its three bodies
 * only when its three calls are in flight together, so a server that made them one after another
 * would fail here, whatever the machine's speed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class FlowPeersTest {
    private FlowBackend backend;
    private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("items.db");
        Items.seed(db);
        backend = FlowBackend.start(0, FlowBackend.DELAY_MILLIS, FlowPeers.CALLS);
        FlowArgs args = new FlowArgs(0, backend.port(), db);
        servers.put("helidon", ServerProcess.start("helidon", -1, HelidonFlowServer.class.getName(), args.toArgs()));
        servers.put("vertx", ServerProcess.start("vertx", -1, VertxFlowServer.class.getName(), args.toArgs()));
        servers.put("lockstep", ServerProcess.start("lockstep", -1, LockstepFlowServer.class.getName(), args.toArgs()));
    }

    @AfterAll
    void stop() throws Exception {
        servers.values().forEach(ServerProcess::close);
        if (backend != null) {
            backend.close();
        }
    }

    private HttpResponse<String> get(String server, String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + servers.get(server).port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"helidon", "vertx", "lockstep"})
    void helloIsHelloWorld(String server) throws Exception {
        HttpResponse<String> r = get(server, "/hello");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Hello, World!");
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"helidon", "vertx", "lockstep"})
    void need3JoinsThreeParallelCalls(String server) throws Exception {
        long before = backend.served();
        HttpResponse<String> r = get(server, "/need3");
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("slowslowslow").isEqualTo(FlowPeers.NEED3);
        assertThat(backend.served() - before).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"helidon", "vertx", "lockstep"})
    void sqliteReadsTheRow(String server) throws Exception {
        for (int id : new int[] {1, 500, Items.ROWS}) {
            HttpResponse<String> r = get(server, "/sqlite?id=" + id);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"id\":" + id + ",\"name\":\"item-" + id + "\"}");
            assertThat(r.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"helidon", "vertx", "lockstep"})
    void sqliteWithoutARowIs404AndWithoutANumberIs400(String server) throws Exception {
        var missing = get(server, "/sqlite?id=" + (Items.ROWS + 1));
        assertThat(missing.statusCode()).as("body %s", missing.body()).isEqualTo(404);
        assertThat(get(server, "/sqlite?id=abc").statusCode()).isEqualTo(400);
        assertThat(get(server, "/sqlite").statusCode()).isEqualTo(400);
    }
}
