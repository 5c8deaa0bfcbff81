package dev.lockstep.flow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.flow.http.HttpParseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Http1ParserTest {
    static final int KIB = 1024;

    static Http1Parser parser() {
        return new Http1Parser(8 * KIB, 16 * KIB, 100, KIB * KIB);
    }

    /** One parsed message. */
    record Msg(
            String method,
            String target,
            int minor,
            List<String> names,
            List<String> values,
            String body,
            List<String> trailerNames,
            List<String> trailerValues,
            boolean keepAlive,
            boolean expectContinue) {}

    /** Parses every message of {@code input}, fed {@code step} bytes at a time. */
    static List<Msg> parseAll(Http1Parser p, byte[] input, int step) {
        List<Msg> out = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Msg head = null;
        int fed = 0;
        int guard = 0;
        byte[] buf = new byte[0];
        int pos = 0;
        while (true) {
            if (++guard > 10 * input.length + 100) {
                throw new AssertionError("the parser did not terminate");
            }
            if (pos == buf.length && !p.messageDone()) {
                if (fed == input.length) {
                    break;
                }
                int n = Math.min(step, input.length - fed);
                buf = java.util.Arrays.copyOfRange(input, fed, fed + n);
                fed += n;
                pos = 0;
            }
            pos = p.feed(buf, pos, buf.length);
            switch (p.event()) {
                case Http1Parser.HEAD -> {
                    head = new Msg(
                            p.method(),
                            p.target(),
                            p.minorVersion(),
                            List.copyOf(p.headerNames()),
                            List.copyOf(p.headerValues()),
                            null,
                            List.of(),
                            List.of(),
                            p.keepAlive(),
                            p.expectContinue());
                    body.reset();
                }
                case Http1Parser.BODY -> body.write(buf, p.bodyOffset(), p.bodyLength());
                case Http1Parser.END -> {
                    out.add(new Msg(
                            head.method,
                            head.target,
                            head.minor,
                            head.names,
                            head.values,
                            body.toString(StandardCharsets.ISO_8859_1),
                            List.copyOf(p.trailerNames()),
                            List.copyOf(p.trailerValues()),
                            head.keepAlive,
                            head.expectContinue));
                    p.reset();
                }
                default -> {}
            }
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<dev.lockstep.flow.http.CorpusAccess.Case> corpus() {
        return dev.lockstep.flow.http.CorpusAccess.malformed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyMalformedRequestGetsItsStatusWholeOrByteByByte(dev.lockstep.flow.http.CorpusAccess.Case c) {
        for (int step : new int[] {Integer.MAX_VALUE, 1, 7}) {
            Http1Parser p = parser();
            assertThatThrownBy(() -> parseAll(p, bytes(c.request()), step))
                    .as("%s fed %d bytes at a time", c.name(), step)
                    .isInstanceOfSatisfying(
                            HttpParseException.class,
                            e -> assertThat(e.status()).isEqualTo(c.status()))
                    .hasMessageContaining("at byte");
            // afterwards the parser stays failed: the connection must close
            assertThatThrownBy(() -> p.feed(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), 0, 10))
                    .isInstanceOf(HttpParseException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 64, Integer.MAX_VALUE})
    void pipelinedRequestsParseInOrderInAnySplit(int step) {
        String in = "GET /a?x=1 HTTP/1.1\r\nHost: a\r\nX-Multi: 1\r\nx-multi: 2\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                + "\r\nPUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip , chunked\r\n\r\n".replace("gzip , ", "")
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 42\r\nX-Other:  b \r\n\r\n"
                + "GET /d HTTP/1.0\r\n\r\n";
        List<Msg> msgs = parseAll(parser(), bytes(in), step);
        assertThat(msgs).extracting(Msg::target).containsExactly("/a?x=1", "/b", "/c", "/d");
        assertThat(msgs.get(0).names()).containsExactly("Host", "X-Multi", "x-multi");
        assertThat(msgs.get(0).values()).containsExactly("a", "1", "2");
        assertThat(msgs.get(1).body()).isEqualTo("hello");
        assertThat(msgs.get(2).body()).isEqualTo("hello world");
        assertThat(msgs.get(2).trailerNames()).containsExactly("X-Checksum", "X-Other");
        assertThat(msgs.get(2).trailerValues()).containsExactly("42", "b");
        assertThat(msgs.get(3).minor()).isZero();
        assertThat(msgs.get(3).keepAlive()).isFalse();
        assertThat(msgs.get(0).keepAlive()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void leadingEmptyLinesAreSkippedAndOwsIsTrimmed() {
        List<Msg> msgs = parseAll(parser(), bytes("\r\n\r\nGET / HTTP/1.1\r\nHost:\t a b \t\r\n\r\n"), 1);
        assertThat(msgs).hasSize(1);
        assertThat(msgs.get(0).values()).containsExactly("a b");
    }

    @org.junit.jupiter.api.Test
    void identicalDuplicateContentLengthsAreOneLength() {
        List<Msg> msgs = parseAll(
                parser(),
                bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n" + "Content-Length: 3\r\n\r\nabc"),
                1);
        assertThat(msgs.get(0).body()).isEqualTo("abc");
    }

    @org.junit.jupiter.api.Test
    void connectionCloseAndExpectContinueAreSeen() {
        List<Msg> msgs = parseAll(
                parser(),
                bytes("POST / HTTP/1.1\r\nHost: a\r\nConnection: foo, Close\r\n"
                        + "Expect: 100-Continue\r\nContent-Length: 1\r\n\r\nx"
                        + "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
                3);
        assertThat(msgs.get(0).keepAlive()).isFalse();
        assertThat(msgs.get(0).expectContinue()).isTrue();
        assertThat(msgs.get(1).keepAlive()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void absoluteFormAndAsteriskTargetsAreAccepted() {
        List<Msg> msgs = parseAll(
                parser(),
                bytes("GET http://a.example/x?y HTTP/1.1\r\nHost: a\r\n\r\n" + "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"),
                4);
        assertThat(msgs).extracting(Msg::target).containsExactly("http://a.example/x?y", "*");
        assertThat(TargetDecoder.rawPath("http://a.example/x?y")).isEqualTo("/x");
        assertThat(TargetDecoder.rawPath("http://a.example?y")).isEqualTo("/");
    }

    @org.junit.jupiter.api.Test
    void theLineBufferNeverExceedsTheLimits() {
        Http1Parser p = new Http1Parser(64, 128, 10, 1000);
        assertThatThrownBy(
                        () -> parseAll(p, bytes("GET / HTTP/1.1\r\nHost: a\r\nX: " + "v".repeat(500) + "\r\n\r\n"), 1))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
        assertThat(p.retainedBytes()).isLessThanOrEqualTo(p.maxRetainedBytes());
        assertThat(p.maxRetainedBytes()).isEqualTo(256);
    }

    @org.junit.jupiter.api.Test
    void percentDecodingOfPathAndQuery() {
        assertThat(TargetDecoder.decode("/a%20b/%C3%A9", false)).isEqualTo("/a b/é");
        assertThat(TargetDecoder.decode("/a+b", false)).isEqualTo("/a+b");
        assertThat(TargetDecoder.queryParams("a=1&b=x+y&a=%32&c&&d="))
                .containsExactly(
                        java.util.Map.entry("a", List.of("1", "2")),
                        java.util.Map.entry("b", List.of("x y")),
                        java.util.Map.entry("c", List.of("")),
                        java.util.Map.entry("d", List.of("")));
        assertThatThrownBy(() -> TargetDecoder.decode("/a%2", false))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> TargetDecoder.decode("/a%ff", false))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @org.junit.jupiter.api.Test
    void dateIsAnImfFixdate() {
        assertThat(HttpDate.format(784111777L)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(new String(HttpDate.now(), StandardCharsets.US_ASCII))
                .matches("[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT");
    }
}
