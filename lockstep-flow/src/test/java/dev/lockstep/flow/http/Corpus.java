package dev.lockstep.flow.http;

import java.util.List;

/**
 * The malformed-request corpus: each request with the status the server must answer (after which
 * it closes the connection). Used by the parser's unit test and, over real sockets, by the server
 * test. Smuggling patterns are among them.
 */
final class Corpus {
    private Corpus() {}

    record Case(String name, String request, int status) {
        @Override
        public String toString() {
            return name + " -> " + status;
        }
    }

    static final String H = "Host: a\r\n";

    static List<Case> malformed() {
        return List.of(
                new Case("garbage", "\u0001\u0002\u0003\r\n\r\n", 400),
                new Case("lowercase junk line", "hello\r\n\r\n", 400),
                new Case("missing version", "GET /\r\n" + H + "\r\n", 400),
                new Case("two spaces", "GET  / HTTP/1.1\r\n" + H + "\r\n", 400),
                new Case("tab separator", "GET\t/ HTTP/1.1\r\n" + H + "\r\n", 400),
                new Case("bad version", "GET / HTTX/1.1\r\n" + H + "\r\n", 400),
                new Case("long version", "GET / HTTP/1.10\r\n" + H + "\r\n", 400),
                new Case("HTTP/2.0", "GET / HTTP/2.0\r\n" + H + "\r\n", 505),
                new Case("HTTP/0.9 digits", "GET / HTTP/0.9\r\n" + H + "\r\n", 505),
                new Case("unknown method", "BREW / HTTP/1.1\r\n" + H + "\r\n", 501),
                new Case("CONNECT", "CONNECT a:443 HTTP/1.1\r\n" + H + "\r\n", 501),
                new Case("control in target", "GET /a\u0001b HTTP/1.1\r\n" + H + "\r\n", 400),
                new Case("relative target", "GET a/b HTTP/1.1\r\n" + H + "\r\n", 400),
                new Case("asterisk for GET", "GET * HTTP/1.1\r\n" + H + "\r\n", 400),
                new Case("bare LF in request line", "GET / HTTP/1.1\n" + H + "\r\n", 400),
                new Case("bare LF in header", "GET / HTTP/1.1\r\nHost: a\n\r\n", 400),
                new Case("bare CR in header value", "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400),
                new Case("no Host in 1.1", "GET / HTTP/1.1\r\n\r\n", 400),
                new Case("two Hosts", "GET / HTTP/1.1\r\n" + H + H + "\r\n", 400),
                new Case("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
                new Case("obs-fold", "GET / HTTP/1.1\r\n" + H + "X-A: 1\r\n  2\r\n\r\n", 400),
                new Case("empty name", "GET / HTTP/1.1\r\n" + H + ": x\r\n\r\n", 400),
                new Case("NUL in value", "GET / HTTP/1.1\r\n" + H + "X-A: a\u0000b\r\n\r\n", 400),
                new Case("DEL in value", "GET / HTTP/1.1\r\n" + H + "X-A: a\u007fb\r\n\r\n", 400),
                new Case("bad name char", "GET / HTTP/1.1\r\n" + H + "X(A): 1\r\n\r\n", 400),
                new Case("non-numeric Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1x\r\n\r\n", 400),
                new Case("negative Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n", 400),
                new Case("empty Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length:\r\n\r\n", 400),
                new Case(
                        "smuggling: conflicting Content-Length",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                        400),
                new Case(
                        "smuggling: conflicting Content-Length list",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 3, 4\r\n\r\nabcd",
                        400),
                new Case(
                        "smuggling: CL and TE",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400),
                new Case(
                        "smuggling: TE and CL",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
                        400),
                new Case(
                        "smuggling: TE not ending in chunked",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, identity\r\n\r\n",
                        400),
                new Case(
                        "smuggling: TE with space before colon",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
                        400),
                new Case(
                        "smuggling: obs-folded TE",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
                        400),
                new Case(
                        "smuggling: TE xchunked",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                        400),
                new Case(
                        "smuggling: chunked twice",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
                        400),
                new Case("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                new Case(
                        "gzip transfer coding",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                        501),
                new Case(
                        "chunk size not hex",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
                        400),
                new Case(
                        "chunk size with bare LF",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n",
                        400),
                new Case(
                        "chunk data longer than its size",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n",
                        400),
                new Case(
                        "chunk size overflow",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n",
                        413),
                new Case(
                        "chunk size of 17 digits",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n00000000000000001\r\n",
                        400),
                new Case(
                        "chunked body over the limit",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n100001\r\n",
                        413),
                new Case(
                        "Content-Length over the limit",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 1048577\r\n\r\n",
                        413),
                new Case(
                        "huge Content-Length",
                        "POST / HTTP/1.1\r\n" + H + "Content-Length: 99999999999999999999999\r\n\r\n",
                        413),
                new Case("request target too long", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n" + H + "\r\n", 414),
                new Case("method too long", "G".repeat(9000) + " / HTTP/1.1\r\n" + H + "\r\n", 400),
                new Case(
                        "header section too large",
                        "GET / HTTP/1.1\r\n" + H + "X-A: " + "b".repeat(17000) + "\r\n\r\n",
                        431),
                new Case("too many headers", "GET / HTTP/1.1\r\n" + H + "X-A: b\r\n".repeat(100) + "\r\n", 431),
                new Case(
                        "trailer with obs-fold",
                        "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: a\r\n b\r\n\r\n",
                        400),
                new Case("unknown expectation", "GET / HTTP/1.1\r\n" + H + "Expect: 200-ok\r\n\r\n", 417));
    }
}
