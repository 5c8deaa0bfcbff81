package dev.lockstep.flow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.flow.http.CorpusAccess;
import dev.lockstep.flow.http.HttpParseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The parser on arbitrary input: random bytes, valid requests mutated byte by byte, and valid
 * requests built from parts, each fed in random splits. It never throws anything but {@link
 * HttpParseException}, never holds more than its limits allow, never emits more body than maxBody,
 * and always terminates (the harness bounds the number of feed calls by the input's length).
 */
class Http1ParserPropertyTest {
    static final int MAX_LINE = 256;
    static final int MAX_HEADER_BYTES = 512;
    static final int MAX_BODY = 300;

    static Http1Parser small() {
        return new Http1Parser(MAX_LINE, MAX_HEADER_BYTES, 8, MAX_BODY);
    }

    /** Feeds everything; returns the messages' bodies; only HttpParseException may escape. */
    static List<byte[]> run(Http1Parser p, byte[] input, int step) {
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[0];
        int pos = 0;
        int fed = 0;
        long calls = 0;
        while (true) {
            if (++calls > 3L * input.length + 10) {
                throw new AssertionError("the parser did not terminate on " + input.length + " bytes");
            }
            if (pos == buf.length && !p.messageDone()) {
                if (fed == input.length) {
                    return bodies;
                }
                int n = Math.min(step, input.length - fed);
                buf = java.util.Arrays.copyOfRange(input, fed, fed + n);
                fed += n;
                pos = 0;
            }
            int next = p.feed(buf, pos, buf.length);
            assertThat(next).isBetween(pos, buf.length);
            pos = next;
            assertThat(p.retainedBytes()).isLessThanOrEqualTo(p.maxRetainedBytes());
            switch (p.event()) {
                case Http1Parser.HEAD -> body.reset();
                case Http1Parser.BODY -> {
                    body.write(buf, p.bodyOffset(), p.bodyLength());
                    assertThat(body.size()).isLessThanOrEqualTo(MAX_BODY);
                }
                case Http1Parser.END -> {
                    bodies.add(body.toByteArray());
                    p.reset();
                }
                default -> assertThat(pos).isEqualTo(buf.length); // NEED_MORE consumed everything
            }
        }
    }

    static void survive(byte[] input, int step) {
        try {
            run(small(), input, step);
        } catch (HttpParseException e) {
            assertThat(e.status()).isIn(400, 408, 413, 414, 417, 431, 501, 505);
        }
    }

    @Property(tries = 500)
    void randomBytesNeverCrashTheParser(
            @ForAll @Size(max = 2000) byte[] input, @ForAll @IntRange(min = 1, max = 600) int step) {
        survive(input, step);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(bytes("GET /a?b=c HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\n"));
        seeds.add(bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"));
        seeds.add(bytes("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;e=1\r\nabc\r\n0\r\nT: 1\r\n\r\nGET / HTTP/1.0\r\n\r\n"));
        for (CorpusAccess.Case c : CorpusAccess.malformed()) {
            seeds.add(bytes(c.request()));
        }
        Arbitrary<byte[]> seed = Arbitraries.of(seeds);
        byte[] special = bytes("\r\n :;,\t\u0000\u007f\u00800aF-/?%");
        Arbitrary<int[]> edit = Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 100_000),
                        Arbitraries.integers().between(0, special.length - 1),
                        Arbitraries.integers().between(0, 255))
                .as((kind, at, s, b) -> new int[] {kind, at, s, b});
        return Combinators.combine(seed, edit.list().ofMaxSize(8)).as((s, edits) -> {
            byte[] cur = s;
            for (int[] e : edits) {
                cur = apply(cur, e, special);
            }
            return cur;
        });
    }

    private static byte[] apply(byte[] in, int[] e, byte[] special) {
        if (in.length == 0) {
            return new byte[] {special[e[2]]};
        }
        int at = e[1] % in.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (e[0]) {
            case 0 -> { // replace with a special byte
                out.write(in, 0, at);
                out.write(special[e[2]]);
                out.write(in, at + 1, in.length - at - 1);
            }
            case 1 -> { // insert a special byte
                out.write(in, 0, at);
                out.write(special[e[2]]);
                out.write(in, at, in.length - at);
            }
            case 2 -> { // delete a byte
                out.write(in, 0, at);
                out.write(in, at + 1, in.length - at - 1);
            }
            case 3 -> { // replace with any byte
                out.write(in, 0, at);
                out.write(e[3]);
                out.write(in, at + 1, in.length - at - 1);
            }
            default -> { // duplicate the tail
                out.write(in, 0, in.length);
                out.write(in, at, in.length - at);
            }
        }
        return out.toByteArray();
    }

    @Property(tries = 1000)
    void mutatedRequestsNeverCrashTheParser(
            @ForAll("mutated") byte[] input, @ForAll @IntRange(min = 1, max = 64) int step) {
        survive(input, step);
    }

    @Provide
    Arbitrary<String[]> requests() {
        Arbitrary<String> token =
                Arbitraries.strings().withChars("abcXYZ019-_.!").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> value = Arbitraries.strings()
                .withChars("abc XYZ019-_.!\t;=,\u00e9")
                .ofMaxLength(20)
                .map(String::strip);
        Arbitrary<String> body = Arbitraries.strings().withChars("abc\r\n0;xyz").ofMaxLength(MAX_BODY);
        Arbitrary<String> path =
                Arbitraries.strings().withChars("abc/%20?=&").ofMaxLength(30).map(p -> "/" + p);
        return Combinators.combine(
                        Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH"),
                        path,
                        token.list().ofMaxSize(5),
                        value.list().ofSize(5),
                        body,
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 50))
                .as((m, p, names, values, b, chunked, chunk) -> {
                    StringBuilder sb = new StringBuilder(m + " " + p + " HTTP/1.1\r\nHost: h\r\n");
                    for (int i = 0; i < names.size(); i++) {
                        sb.append("X-")
                                .append(names.get(i))
                                .append(": ")
                                .append(values.get(i))
                                .append("\r\n");
                    }
                    if (chunked) {
                        sb.append("Transfer-Encoding: chunked\r\n\r\n");
                        for (int i = 0; i < b.length(); i += chunk) {
                            String piece = b.substring(i, Math.min(b.length(), i + chunk));
                            sb.append(Integer.toHexString(piece.length()))
                                    .append("\r\n")
                                    .append(piece)
                                    .append("\r\n");
                        }
                        sb.append("0\r\n\r\n");
                    } else {
                        sb.append("Content-Length: ")
                                .append(b.length())
                                .append("\r\n\r\n")
                                .append(b);
                    }
                    return new String[] {sb.toString(), b};
                });
    }

    @Property(tries = 500)
    void validRequestsParseToTheirBodiesInAnySplit(
            @ForAll("requests") String[] req, @ForAll @IntRange(min = 1, max = 100) int step) {
        byte[] twice = bytes(req[0] + req[0]); // pipelined
        List<byte[]> bodies = run(small(), twice, step);
        assertThat(bodies).hasSize(2);
        for (byte[] b : bodies) {
            assertThat(new String(b, StandardCharsets.ISO_8859_1)).isEqualTo(req[1]);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
