package dev.lockstep.bench.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The io suite's HTTP servers answer byte for byte alike: Lockstep's {@code lockstep io
 * http-hello} (NIO, the backend always available), Netty on epoll, and the virtual-thread server,
 * each started as the suite starts it (its own JVM, {@link ServerProcess}, not pinned here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class IoSuiteServersTest {
    private final Map<String, ServerProcess> servers = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        for (IoSuite.Server s :
                List.of(IoSuite.Server.OURS_NIO, IoSuite.Server.NETTY_EPOLL, IoSuite.Server.VIRTUAL_THREADS)) {
            servers.put(s.display, ServerProcess.start(s.source(), -1, s.mainClass, s.argsWithPort()));
        }
    }

    @AfterAll
    void stop() {
        servers.values().forEach(ServerProcess::close);
    }

    /** Sends {@code request}, reads until the server closes (or {@code expected} bytes). */
    private static String exchange(ServerProcess p, String request, int expected) throws IOException {
        try (Socket s = new Socket(p.host(), p.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            byte[] got = expected < 0
                    ? s.getInputStream().readAllBytes()
                    : s.getInputStream().readNBytes(expected);
            return new String(got, StandardCharsets.ISO_8859_1);
        }
    }

    private List<String> answers(String request, int expected) throws IOException {
        List<String> answers = new ArrayList<>();
        for (ServerProcess p : servers.values()) {
            answers.add(exchange(p, request, expected));
        }
        return answers;
    }

    private static final String RESPONSE =
            "HTTP/1.1 200 OK\r\nContent-Length: 25\r\nContent-Type: text/plain\r\n\r\nThis is an HTTP benchmark";

    @Test
    void keepAliveResponsesAreByteIdentical() throws IOException {
        String get = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"; // what wrk sends
        List<String> answers = answers(get + get, 2 * RESPONSE.length());
        assertThat(answers).as("responses of %s", servers.keySet()).containsOnly(RESPONSE + RESPONSE);
    }

    @Test
    void closingResponsesAreByteIdenticalAndClose() throws IOException {
        String close = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        List<String> answers = answers(close, -1); // readAllBytes: each server must close
        assertThat(answers)
                .as("responses of %s", servers.keySet())
                .containsOnly("HTTP/1.1 200 OK\r\nContent-Length: 25\r\nContent-Type: text/plain\r\n"
                        + "Connection: close\r\n\r\nThis is an HTTP benchmark");
    }

    @Test
    void aPostBodyIsSkippedByEach() throws IOException {
        String post = "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello";
        String get = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assertThat(answers(post + get, 2 * RESPONSE.length())).containsOnly(RESPONSE + RESPONSE);
    }
}
