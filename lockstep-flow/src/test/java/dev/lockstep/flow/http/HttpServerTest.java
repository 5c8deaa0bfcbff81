package dev.lockstep.flow.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.io.BackendKind;
import dev.lockstep.io.IoRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server over real sockets, on every backend that opens here. */
@Timeout(120)
class HttpServerTest {
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

    /** Echoes what it saw: method, path, query, a header, the body and trailers. */
    static HttpResponse echo(HttpRequest r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append(' ').append(r.path()).append(' ').append(r.queryParams());
        sb.append(" x=").append(r.headers().all("X-Multi"));
        sb.append(" body=").append(r.bodyText());
        if (r.trailers().size() > 0) {
            sb.append(" trailers=").append(r.trailers());
        }
        return HttpResponse.text(sb.toString()).header("X-Id", Long.toString(r.id()));
    }

    private RawClient client() {
        return new RawClient(server.port());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRequestGetsItsResponseWithDateAndContentLength(BackendKind kind) {
        server = Backends.server(kind, HttpServerTest::echo).start();
        try (RawClient c = client()) {
            RawClient.Response r = c.send(
                            "GET /a%20b?q=1&q=2&n=x+y HTTP/1.1\r\nHost: a\r\nX-Multi: 1\r\n" + "x-multi: 2\r\n\r\n")
                    .read();
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.text()).isEqualTo("GET /a b {q=[1, 2], n=[x y]} x=[1, 2] body=");
            assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
            assertThat(r.header("Date")).endsWith(" GMT");
            assertThat(r.header("Connection")).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keepAliveServesSequentialRequestsOnOneConnection(BackendKind kind) {
        server = Backends.server(kind, HttpServerTest::echo).start();
        try (RawClient c = client()) {
            for (int i = 0; i < 5; i++) {
                RawClient.Response r = c.send("POST /k HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n" + i)
                        .read();
                assertThat(r.text()).endsWith("body=" + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pipelinedRequestsAreAnsweredInOrder(BackendKind kind) {
        server = Backends.server(kind, r -> {
                    if (r.path().equals("/slow")) {
                        IoRuntime.current().sleep(Duration.ofMillis(30));
                    }
                    return echo(r);
                })
                .start();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            String path = i % 5 == 0 ? "/slow" : "/p" + i;
            all.append(
                    i % 2 == 0
                            ? "GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n"
                            : "POST " + path + " HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n"
                                    + (10 + i) + "\r\n0\r\n\r\n");
        }
        try (RawClient c = client()) {
            c.send(all.toString());
            for (int i = 0; i < 20; i++) {
                String path = i % 5 == 0 ? "/slow" : "/p" + i;
                String body = i % 2 == 0 ? "" : Integer.toString(10 + i);
                assertThat(c.read().text())
                        .startsWith((i % 2 == 0 ? "GET " : "POST ") + path + " ")
                        .endsWith("body=" + body);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void chunkedBodiesWithTrailersReachTheHandler(BackendKind kind) {
        server = Backends.server(kind, HttpServerTest::echo).start();
        try (RawClient c = client()) {
            c.send("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
            c.send("4;name=value\r\nWiki\r\n");
            c.send("5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Sum: 7\r\nX-Two: a\r\n\r\n");
            assertThat(c.read().text())
                    .isEqualTo("POST /c {} x=[] body=Wikipedia in\r\n\r\nchunks. trailers={X-Sum: 7, X-Two: a}");
            // the connection is still usable
            assertThat(c.send("GET /n HTTP/1.1\r\nHost: a\r\n\r\n").read().status())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void expectContinueGetsA100WhenTheHandlerReadsTheBody(BackendKind kind) {
        server = Backends.server(kind, HttpServerTest::echo).start();
        try (RawClient c = client()) {
            c.send("PUT /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            RawClient.Response cont = c.read();
            assertThat(cont.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(c.send("data").read().text()).endsWith("body=data");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void expectContinueWithoutReadingTheBodyAnswersAndCloses(BackendKind kind) {
        server = Backends.server(kind, r -> HttpResponse.status(401)).start();
        try (RawClient c = client()) {
            c.send("PUT /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n");
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anUnreadBodyIsSkippedAndTheConnectionGoesOn(BackendKind kind) {
        server = Backends.server(kind, r -> HttpResponse.text(r.path())).start();
        try (RawClient c = client()) {
            c.send("POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                    + "POST /2 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(List.of(c.read().text(), c.read().text(), c.read().text()))
                    .containsExactly("/1", "/2", "/3");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void headGetsTheSameHeadersAndNoBody(BackendKind kind) {
        server = Backends.server(kind, r -> HttpResponse.text("twelve bytes")).start();
        try (RawClient c = client()) {
            RawClient.Response get = c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
            RawClient.Response head =
                    c.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
            assertThat(head.header("Content-Length")).isEqualTo("12").isEqualTo(get.header("Content-Length"));
            assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
            // no body came after the HEAD response: the next response follows at once
            assertThat(c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text())
                    .isEqualTo("twelve bytes");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void connectionCloseAndHttp10AreHonoured(BackendKind kind) {
        server = Backends.server(kind, r -> HttpResponse.text("x")).start();
        try (RawClient c = client()) {
            RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
                    .read();
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            RawClient.Response r = c.send("GET / HTTP/1.0\r\n\r\n").read();
            assertThat(r.statusLine()).startsWith("HTTP/1.1 200");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            RawClient.Response r =
                    c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(r.header("Connection")).isEqualTo("keep-alive");
            assertThat(c.send("GET / HTTP/1.0\r\n\r\n").read().text()).isEqualTo("x");
        }
    }

    static Stream<Arguments> corpus() {
        return Backends.all().flatMap(k -> Corpus.malformed().stream().map(c -> Arguments.of(k, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpus")
    void everyMalformedRequestGetsItsStatusAndTheConnectionCloses(BackendKind kind, Corpus.Case c) {
        if (server == null) {
            server = Backends.server(kind, HttpServerTest::echo).start();
        }
        try (RawClient cl = client()) {
            RawClient.Response r = cl.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\n" + c.request())
                    .read();
            assertThat(r.status()).isEqualTo(200); // the request before it is answered
            r = cl.read();
            assertThat(r.status()).as(c.name()).isEqualTo(c.status());
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(cl.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anErrorToHeadHasNoBody(BackendKind kind) {
        server = Backends.server(kind, HttpServerTest::echo).start();
        try (RawClient c = client()) {
            RawClient.Response r =
                    c.send("HEAD /%zz HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
            assertThat(r.status()).isEqualTo(400);
            assertThat(c.closedByServer()).as("no body bytes, then the close").isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aBodyOverTheLimitIs413(BackendKind kind) {
        server = Backends.server(kind, HttpServerTest::echo).maxBody(10).start();
        try (RawClient c = client()) {
            RawClient.Response r = c.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n")
                    .read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aHandlerThatThrowsGets500AndTheConnectionGoesOn(BackendKind kind) {
        server = Backends.server(kind, r -> {
                    if (r.path().equals("/boom")) {
                        throw new IllegalStateException("boom");
                    }
                    return HttpResponse.json(Map.of("ok", true));
                })
                .start();
        try (RawClient c = client()) {
            assertThat(c.send("GET /boom HTTP/1.1\r\nHost: a\r\n\r\n").read().status())
                    .isEqualTo(500);
            RawClient.Response r = c.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(r.text()).isEqualTo("{\"ok\":true}");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sseEventsArriveAsTheyAreSent(BackendKind kind) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        server = Backends.server(
                        kind,
                        r -> HttpResponse.sse(sse -> {
                            sse.send("first");
                            // wait for the client to have read the first event before sending the second
                            while (go.getCount() > 0) {
                                IoRuntime.current().sleep(Duration.ofMillis(2));
                            }
                            sse.send("7", "tick", "a\nb");
                            sse.comment("keep-alive");
                        }))
                .start();
        try (RawClient c = client()) {
            RawClient.Response head =
                    c.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n").readHead();
            assertThat(head.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(new String(c.readChunk(), StandardCharsets.UTF_8)).isEqualTo("data: first\n\n");
            go.countDown();
            assertThat(new String(c.readChunk(), StandardCharsets.UTF_8))
                    .isEqualTo("id: 7\nevent: tick\ndata: a\ndata: b\n\n");
            assertThat(new String(c.readChunk(), StandardCharsets.UTF_8)).isEqualTo(": keep-alive\n\n");
            assertThat(c.readChunk()).isNull();
            // the stream ended properly: the connection carries the next request
            assertThat(c.send("HEAD /events HTTP/1.1\r\nHost: a\r\n\r\n")
                            .read(true)
                            .status())
                    .isEqualTo(200);
        }
        assertThat(go.await(1, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aStreamToHttp10HasNoChunksAndCloses(BackendKind kind) {
        server = Backends.server(
                        kind,
                        r -> HttpResponse.stream(200, "text/plain", out -> {
                            out.write("ab");
                            out.flush();
                            out.write("cd");
                        }))
                .start();
        try (RawClient c = client()) {
            RawClient.Response r = c.send("GET / HTTP/1.0\r\n\r\n").read();
            assertThat(r.header("Transfer-Encoding")).isNull();
            assertThat(r.text()).isEqualTo("abcd");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSlowHeadGets408AndAnIdleConnectionCloses(BackendKind kind) {
        server = Backends.server(kind, r -> HttpResponse.text("x"))
                .readTimeout(Duration.ofMillis(300))
                .idleTimeout(Duration.ofMillis(300))
                .start();
        try (RawClient c = client()) {
            RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost:").read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            assertThat(c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status())
                    .isEqualTo(200);
            assertThat(c.closedByServer()).isTrue(); // after the idle timeout, without a response
        }
        try (RawClient c = client()) {
            RawClient.Response r = c.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345")
                    .read();
            // the handler does not read the body: skipping it times out
            assertThat(r.status()).isEqualTo(408);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void severalRuntimesShareThePort(BackendKind kind) {
        server = Backends.server(kind, HttpServerTest::echo).threads(2).start();
        for (int i = 0; i < 8; i++) {
            try (RawClient c = client()) {
                assertThat(c.send("GET /t HTTP/1.1\r\nHost: a\r\n\r\n").read().status())
                        .isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aStreamThatFailsIsCutShortAndTheConnectionCloses(BackendKind kind) {
        server = Backends.server(
                        kind,
                        r -> HttpResponse.stream(200, "text/plain", out -> {
                            out.write("partial");
                            out.flush();
                            r.body(); // skipped when the handler returned: this throws
                        }))
                .start();
        try (RawClient c = client()) {
            c.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(c.readHead().status()).isEqualTo(200);
            assertThat(new String(c.readChunk(), StandardCharsets.UTF_8)).isEqualTo("partial");
            assertThat(c.closedByServer()).as("closed without the last chunk").isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void responseHeadersCannotSplitAResponse() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> HttpResponse.text("x").header("X-A", "a\r\nSet-Cookie: b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-A");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> HttpResponse.text("x").header("X A", "a"))
                .isInstanceOf(IllegalArgumentException.class);
        HttpHeaders h = HttpHeaders.create().add("A", "1").add("b", "2").add("a", "3");
        assertThat(h.all("a")).containsExactly("1", "3");
        assertThat(h.get("B")).isEqualTo("2");
        h.set("A", "4");
        assertThat(h.all("a")).containsExactly("4");
    }
}
