package dev.lockstep.flow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Future;
import dev.lockstep.flow.Decision;
import dev.lockstep.flow.Effect;
import dev.lockstep.flow.FlowException;
import dev.lockstep.flow.FlowResponse;
import dev.lockstep.flow.HttpCall;
import dev.lockstep.flow.Join;
import dev.lockstep.flow.Mode;
import dev.lockstep.flow.Need;
import dev.lockstep.flow.Pipeline;
import dev.lockstep.flow.Slot;
import dev.lockstep.flow.Step;
import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.server.FlowServer;
import dev.lockstep.io.BackendKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The I/O-runtime HTTP client over real sockets, on every backend that opens here. */
@Timeout(120)
class IoHttpClientTest {
    private HttpServer server;
    private IoHttpClient client;
    private RawServer raw;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(1));
        }
        if (raw != null) {
            raw.close();
        }
    }

    static Stream<BackendKind> backends() {
        return Backends.all();
    }

    private IoHttpClient client(BackendKind kind) {
        Backends.assume(kind);
        client = IoHttpClient.builder().name("client-" + kind).backend(kind).build();
        return client;
    }

    private URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void getAndPostFromANonIoThread(BackendKind kind) {
        server = Backends.server(kind, HttpServerTest::echo).start();
        IoHttpClient c = client(kind);
        IoHttpClient.Response get = c.send("GET", uri(server.port(), "/a?q=1"), Map.of("X-Multi", "v"), null)
                .join();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.bodyText()).startsWith("GET /a {q=[1]} x=[v] body=");
        assertThat(get.header("X-Id")).isNotNull();
        IoHttpClient.Response post = c.send(
                        "POST", uri(server.port(), "/p"), Map.of(), "hello".getBytes(StandardCharsets.UTF_8))
                .join();
        assertThat(post.bodyText()).startsWith("POST /p {} x=[] body=hello");
        assertThat(c.ownThread()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aChunkedResponseFromTheServerIsJoined(BackendKind kind) {
        server = Backends.server(
                        kind,
                        r -> HttpResponse.stream(200, "text/plain", out -> {
                            out.write("one ");
                            out.flush();
                            out.write("two ");
                            out.flush();
                            out.write("three");
                        }))
                .start();
        IoHttpClient.Response r = client(kind)
                .send("GET", uri(server.port(), "/s"), Map.of(), null)
                .join();
        assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(r.bodyText()).isEqualTo("one two three");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void chunkExtensionsTrailersAndInterimResponsesAreSkipped(BackendKind kind) throws Exception {
        raw = new RawServer((i, s, in, out) -> {
            readHead(in);
            out.write(("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            readHead(in); // a second request on the same connection: the first was framed exactly
            out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            in.read();
        });
        IoHttpClient c = client(kind);
        assertThat(c.send("GET", uri(raw.port(), "/c"), Map.of(), null).join().bodyText())
                .isEqualTo("hello world");
        IoHttpClient.Response none =
                c.send("GET", uri(raw.port(), "/d"), Map.of(), null).join();
        assertThat(none.status()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
        assertThat(raw.accepted()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keepAliveReusesOneConnectionForSequentialRequests(BackendKind kind) {
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        server = Backends.server(kind, r -> {
                    ports.add(r.remoteAddress().getPort());
                    return HttpResponse.text("ok");
                })
                .start();
        IoHttpClient c = client(kind);
        for (int i = 0; i < 100; i++) {
            assertThat(c.send("GET", uri(server.port(), "/k"), Map.of(), null)
                            .join()
                            .bodyText())
                    .isEqualTo("ok");
        }
        assertThat(ports).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aPooledConnectionTheServerClosedIsRetried(BackendKind kind) throws Exception {
        CountDownLatch firstClosed = new CountDownLatch(1);
        raw = new RawServer((i, s, in, out) -> {
            readHead(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nc" + i).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (i == 1) {
                s.close(); // idle keep-alive connection closed by the server
                firstClosed.countDown();
            } else {
                in.read();
            }
        });
        IoHttpClient c = client(kind);
        assertThat(c.send("GET", uri(raw.port(), "/1"), Map.of(), null).join().bodyText())
                .isEqualTo("c1");
        assertThat(firstClosed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.send("GET", uri(raw.port(), "/2"), Map.of(), null).join().bodyText())
                .isEqualTo("c2");
        assertThat(raw.accepted()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cancelMidResponseClosesTheConnection(BackendKind kind) throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch sawEnd = new CountDownLatch(1);
        raw = new RawServer((i, s, in, out) -> {
            readHead(in);
            if (i == 1) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\npart".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                asked.countDown();
                try {
                    in.read(); // never answers the rest; the client's close ends the stream
                } catch (IOException reset) {
                    // or resets it
                }
                sawEnd.countDown();
            } else {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                in.read();
            }
        });
        IoHttpClient c = client(kind);
        Future<IoHttpClient.Response> f = c.send("GET", uri(raw.port(), "/hang"), Map.of(), null);
        assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(f.cancel()).isTrue();
        assertThat(f.isCancelled()).isTrue();
        assertThat(sawEnd.await(30, TimeUnit.SECONDS)).isTrue(); // the client closed it
        // not reused: the next request opens a second connection
        assertThat(c.send("GET", uri(raw.port(), "/next"), Map.of(), null)
                        .join()
                        .bodyText())
                .isEqualTo("ok");
        assertThat(raw.accepted()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aMalformedResponseNamesTheUri(BackendKind kind) throws Exception {
        raw = new RawServer((i, s, in, out) -> {
            readHead(in);
            out.write("HTP/1.1 2x0 Huh\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            in.read();
        });
        URI u = uri(raw.port(), "/bad");
        Future<IoHttpClient.Response> f = client(kind).send("GET", u, Map.of(), null);
        assertThatThrownBy(f::join)
                .hasStackTraceContaining("GET " + u)
                .hasStackTraceContaining("malformed status line");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRefusedConnectNamesTheUri(BackendKind kind) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI u = uri(port, "/none");
        assertThatThrownBy(client(kind).send("GET", u, Map.of(), null)::join)
                .hasStackTraceContaining("GET " + u)
                .isInstanceOfAny(HttpClientException.class, RuntimeException.class);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void httpsAndAMissingHostAreRejected(BackendKind kind) {
        IoHttpClient c = client(kind);
        assertThatThrownBy(() -> c.send("GET", URI.create("https://example.com/x"), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://example.com/x");
        assertThatThrownBy(() -> c.send("GET", URI.create("http:/nohost"), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http:/nohost");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aNon2xxStatusFailsTheHttpCallAttempt(BackendKind kind) {
        server = Backends.server(kind, r -> HttpResponse.text(503, "busy")).start();
        URI u = uri(server.port(), "/busy");
        Effect<String> e = HttpCall.get(client(kind), "busy", u, Slot.text("out"));
        assertThat(e.kind()).isEqualTo("http");
        assertThat(e.target()).isEqualTo("GET " + u);
        Future<?> f = e.operation().start(1);
        assertThatThrownBy(f::join)
                .hasStackTraceContaining(FlowException.class.getSimpleName())
                .hasStackTraceContaining("GET " + u + " answered 503");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFlowRouteWithAParallelNeedOfThreeCallsAnswersOnTheServersIoThread(BackendKind kind) throws Exception {
        server = Backends.server(kind, r -> HttpResponse.text(r.path().substring(1)))
                .start();
        IoHttpClient c = client(kind);
        Slot<String> s1 = Slot.text("s1");
        Slot<String> s2 = Slot.text("s2");
        Slot<String> s3 = Slot.text("s3");
        Step ask = Step.named("ask")
                .writes(s1, s2, s3)
                .run(v -> Need.of(
                                HttpCall.get(c, "one", uri(server.port(), "/a"), s1),
                                HttpCall.get(c, "two", uri(server.port(), "/b"), s2),
                                HttpCall.get(c, "three", uri(server.port(), "/c"), s3))
                        .mode(Mode.PARALLEL)
                        .join(Join.ALL)
                        .build());
        Step join = Step.named("join")
                .reads(s1, s2, s3)
                .run(v -> new Decision.Done(FlowResponse.text(200, v.require(s1) + v.require(s2) + v.require(s3))));
        FlowConfig.Server d = FlowConfig.Server.DEFAULTS;
        FlowConfig config = new FlowConfig(
                new FlowConfig.Server(
                        "127.0.0.1",
                        0,
                        1,
                        d.maxRequestLine(),
                        d.maxHeaderBytes(),
                        d.maxHeaders(),
                        d.maxBody(),
                        d.readTimeout(),
                        d.idleTimeout(),
                        Duration.ofSeconds(1),
                        kind.name().toLowerCase(java.util.Locale.ROOT)),
                FlowConfig.Pools.DEFAULTS,
                FlowConfig.Database.DEFAULTS,
                FlowConfig.Observability.DEFAULTS);
        try (FlowServer flow = FlowServer.builder()
                .config(config)
                .route(
                        "GET",
                        "/need3",
                        Pipeline.route("need3").step(ask).step(join).build())
                .start()) {
            // the test thread is no I/O thread: its calls use the client's own runtime, the route's do not
            try (IoHttpClient outside =
                    IoHttpClient.builder().backend(kind).name("outside").build()) {
                for (int i = 0; i < 3; i++) {
                    IoHttpClient.Response r = outside.send("GET", uri(flow.port(), "/need3"), Map.of(), null)
                            .join();
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.bodyText()).isEqualTo("abc");
                }
            }
        }
        assertThat(c.ownThread())
                .as("the route's effects ran on the server's I/O runtime")
                .isNull();
    }

    // ---- a blocking raw server, one thread per connection ------------------------------------

    @FunctionalInterface
    interface Conn {
        void serve(int index, Socket s, InputStream in, OutputStream out) throws IOException;
    }

    /** Reads a request head (to the blank line). */
    static void readHead(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before the head ended");
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1
                    : 0;
        }
    }

    static final class RawServer implements AutoCloseable {
        private final ServerSocket ss;
        private final AtomicInteger accepted = new AtomicInteger();
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();

        RawServer(Conn conn) throws IOException {
            ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!ss.isClosed()) {
                    try {
                        Socket s = ss.accept();
                        int i = accepted.incrementAndGet();
                        open.add(s);
                        Thread w = new Thread(() -> {
                            try (s) {
                                conn.serve(i, s, s.getInputStream(), s.getOutputStream());
                            } catch (IOException ignored) {
                                // the client went away
                            }
                        });
                        w.setDaemon(true);
                        w.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return ss.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            ss.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
