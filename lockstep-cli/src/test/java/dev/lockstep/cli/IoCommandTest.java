package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.io.BackendKind;
import dev.lockstep.io.IoException;
import dev.lockstep.io.IoRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code lockstep io echo | cat | http-hello}, each run in-process on every backend that opens
 * here: NIO always, io_uring when its runtime can be built (skipped with the reason otherwise).
 * Clients are plain blocking java.net sockets on the test thread.
 */
@Timeout(60)
class IoCommandTest {
    static Stream<BackendKind> backends() {
        return Stream.of(BackendKind.NIO, BackendKind.IO_URING);
    }

    /** Skips the test with the reason when {@code kind} cannot be built on this machine. */
    static void assumeAvailable(BackendKind kind) {
        try (IoRuntime rt = IoRuntime.builder().backend(kind).build()) {
            assertThat(rt.backendName()).isNotEmpty();
        } catch (RuntimeException e) {
            Assumptions.abort("backend " + kind + " is unavailable here: " + e.getMessage());
        }
    }

    private static IoServer echo(BackendKind kind) {
        assumeAvailable(kind);
        return IoServer.start("echo-test", new InetSocketAddress("127.0.0.1", 0), kind, 1, IoServer::echo);
    }

    private static IoServer hello(BackendKind kind) {
        assumeAvailable(kind);
        return IoServer.start("hello-test", new InetSocketAddress("127.0.0.1", 0), kind, 1, HttpHello::serve);
    }

    private static Socket connect(IoServer server) throws IOException {
        Socket s = new Socket(server.address().getAddress(), server.address().getPort());
        s.setSoTimeout(20_000);
        return s;
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertThat(b).as("bytes before end of stream").hasSize(n);
        return b;
    }

    // ---- echo --------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("backends")
    void echoSendsBackEveryByte(BackendKind kind) throws Exception {
        byte[] data = new byte[300_000];
        new Random(42).nextBytes(data);
        try (IoServer server = echo(kind);
                Socket s = connect(server)) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < data.length; off += 7_001) {
                        out.write(data, off, Math.min(7_001, data.length - off));
                    }
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] back = s.getInputStream().readAllBytes(); // ends when the server closes after our FIN
            writer.join();
            assertThat(back).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void twoServersOnOnePortShareIt(BackendKind kind) throws Exception {
        assumeAvailable(kind);
        try (IoServer server =
                IoServer.start("echo-test", new InetSocketAddress("127.0.0.1", 0), kind, 2, IoServer::echo)) {
            assertThat(server.threads()).isEqualTo(2);
            for (int i = 0; i < 4; i++) {
                try (Socket s = connect(server)) {
                    s.getOutputStream().write(new byte[] {1, 2, 3});
                    assertThat(readExactly(s.getInputStream(), 3)).containsExactly(1, 2, 3);
                }
            }
        }
    }

    // ---- http-hello --------------------------------------------------------------------------

    private static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @ParameterizedTest
    @MethodSource("backends")
    void helloAnswersTwoPipelinedRequests(BackendKind kind) throws Exception {
        try (IoServer server = hello(kind);
                Socket s = connect(server)) {
            s.getOutputStream().write((GET + GET).getBytes(StandardCharsets.US_ASCII));
            byte[] got = readExactly(s.getInputStream(), 2 * HttpHello.RESPONSE.length);
            assertThat(ascii(got)).isEqualTo(ascii(HttpHello.RESPONSE) + ascii(HttpHello.RESPONSE));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void helloAnswersTwoSequentialRequestsOnOneConnection(BackendKind kind) throws Exception {
        try (IoServer server = hello(kind);
                Socket s = connect(server)) {
            for (int i = 0; i < 2; i++) {
                s.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
                byte[] got = readExactly(s.getInputStream(), HttpHello.RESPONSE.length);
                assertThat(ascii(got))
                        .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 25\r\nContent-Type: text/plain\r\n\r\n"
                                + "This is an HTTP benchmark");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void helloHonoursConnectionClose(BackendKind kind) throws Exception {
        try (IoServer server = hello(kind);
                Socket s = connect(server)) {
            s.getOutputStream()
                    .write(("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + GET)
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes(); // returns only once the server closes
            assertThat(ascii(all)).isEqualTo(ascii(HttpHello.RESPONSE_CLOSE));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void helloSkipsContentLengthBodiesAcrossReceives(BackendKind kind) throws Exception {
        try (IoServer server = hello(kind);
                Socket s = connect(server)) {
            OutputStream out = s.getOutputStream();
            out.write("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\n01234".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] first = readExactly(s.getInputStream(), HttpHello.RESPONSE.length);
            out.write(("56789" + GET + GET).getBytes(StandardCharsets.US_ASCII)); // the body ends after "56789"
            byte[] rest = readExactly(s.getInputStream(), 2 * HttpHello.RESPONSE.length);
            assertThat(ascii(first)).isEqualTo(ascii(HttpHello.RESPONSE));
            assertThat(ascii(rest)).isEqualTo(ascii(HttpHello.RESPONSE) + ascii(HttpHello.RESPONSE));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void helloAnswersMalformedInputWith400AndCloses(BackendKind kind) throws Exception {
        try (IoServer server = hello(kind);
                Socket s = connect(server)) {
            s.getOutputStream().write((GET + "NOT HTTP\r\n\r\n" + GET).getBytes(StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes();
            assertThat(ascii(all)).isEqualTo(ascii(HttpHello.RESPONSE) + ascii(HttpHello.BAD_REQUEST));
        }
    }

    // ---- cat ---------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("backends")
    void catPrintsTheFileByteForByte(BackendKind kind, @TempDir Path dir) throws Exception {
        assumeAvailable(kind);
        byte[] data = new byte[3 * IoCommand.CAT_CHUNK + 123]; // several chunks and a partial one
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("data.bin"), data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IoCommand.cat(file, kind, out);
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void catOfAMissingFileNamesIt(BackendKind kind, @TempDir Path dir) {
        assumeAvailable(kind);
        Path missing = dir.resolve("no-such-file.txt");
        assertThatThrownBy(() -> IoCommand.cat(missing, kind, OutputStream.nullOutputStream()))
                .isInstanceOf(IoException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void catCommandPrintsAndFailsWithExitCodes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello, lockstep\n");
        StringWriter err = new StringWriter();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        IoCommand.Cat cat = new IoCommand.Cat();
        cat.sink = sink;
        CommandLine cl = new CommandLine(cat);
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(file.toString(), "--backend", "nio")).isZero();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("hello, lockstep\n");

        Path missing = dir.resolve("missing.txt");
        assertThat(cl.execute(missing.toString())).isEqualTo(IoCommand.FAILED);
        assertThat(err.toString()).startsWith("lockstep io cat: ").contains(missing.toString());
    }

    @Test
    void serverCommandReportsABackendItCannotUseOrABadOne() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("io", "echo", "--port", "0", "--backend", "carrier-pigeon"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown backend 'carrier-pigeon'");
    }

    @Test
    void ioHelpListsTheExamples() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("io", "--help")).isZero();
        assertThat(out.toString()).contains("echo", "cat", "http-hello");
        assertThat(Arrays.asList(IoServer.backendName(BackendKind.IO_URING))).containsExactly("io_uring");
    }
}
