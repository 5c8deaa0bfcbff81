package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request-head scanner of {@code lockstep io http-hello}: framing, the fields it keeps, its limits. */
class HttpHeadTest {
    private final HttpHead head = new HttpHead();

    private int scan(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return head.scan(b, 0, b.length);
    }

    @Test
    void findsTheEndOfAHeadAndKeepsTheConnectionOpen() {
        String req = "GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
        assertThat(scan(req + "GET")).isEqualTo(req.length());
        assertThat(head.close()).isFalse();
        assertThat(head.contentLength()).isZero();
    }

    @Test
    void anUnfinishedHeadIsIncomplete() {
        assertThat(scan("GET / HTTP/1.1\r\nHost: x\r\n")).isEqualTo(HttpHead.INCOMPLETE);
        assertThat(scan("GET / HTTP/1.1\r\nHost: x\r\n\r")).isEqualTo(HttpHead.INCOMPLETE);
    }

    @Test
    void scansFromAnOffset() {
        byte[] b = "xxGET / HTTP/1.1\r\n\r\nyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(head.scan(b, 2, b.length)).isEqualTo(b.length - 2);
    }

    @Test
    void connectionTokensAndVersionDecideClose() {
        scan("GET / HTTP/1.1\r\nconnection: Keep-Alive, CLOSE\r\n\r\n");
        assertThat(head.close()).isTrue();
        scan("GET / HTTP/1.0\r\n\r\n");
        assertThat(head.close()).isTrue();
        scan("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(head.close()).isFalse();
        scan("GET / HTTP/1.1\r\nConnection: upgrade\r\n\r\n");
        assertThat(head.close()).isFalse();
    }

    @Test
    void contentLengthIsKept() {
        scan("POST / HTTP/1.1\r\nContent-Length:  1234 \r\n\r\n");
        assertThat(head.contentLength()).isEqualTo(1234);
        scan("POST / HTTP/1.1\r\nContent-Length: 7\r\ncontent-length: 7\r\n\r\n");
        assertThat(head.contentLength()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET / HTTP/2.0\r\n\r\n",
                "GET /\r\n\r\n",
                "GET  / HTTP/1.1\r\n\r\n",
                "\r\nGET / HTTP/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
                "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
                "GET / HTTP/1.1\r\nBad\u0001: x\r\n\r\n",
                "GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: 12a\r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"
            })
    void malformedHeadsAreRefused(String request) {
        assertThat(scan(request)).isEqualTo(HttpHead.MALFORMED);
    }

    @Test
    void aHeadLongerThanTheLimitIsRefusedEvenUnfinished() {
        String big = "GET / HTTP/1.1\r\nX: " + "a".repeat(HttpHead.MAX_HEAD);
        assertThat(scan(big)).isEqualTo(HttpHead.MALFORMED);
        assertThat(scan(big + "\r\n\r\n")).isEqualTo(HttpHead.MALFORMED);
        String justFits = "GET / HTTP/1.1\r\nX: ";
        justFits += "a".repeat(HttpHead.MAX_HEAD - justFits.length() - 4) + "\r\n\r\n";
        assertThat(scan(justFits)).isEqualTo(HttpHead.MAX_HEAD);
    }
}
