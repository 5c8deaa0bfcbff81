package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Lockstep;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code lockstep serve} as a process: it prints where it listens, answers the todo and blog APIs,
 * and on SIGINT (Ctrl-C) or SIGTERM shuts down gracefully (its shutdown hook says so) and exits.
 */
@Timeout(120)
class ServeCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void printsWhereItListensServesAndStopsOnASignal(String signal) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(Lockstep.JVM_FLAGS.split(" ")));
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                "0",
                "--db",
                dir.resolve("serve.db").toString()));
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as(Files.readString(err)).startsWith("lockstep serve: listening on http://127.0.0.1:");
            Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
            assertThat(m.find()).isTrue();
            String base = "http://127.0.0.1:" + m.group(1);
            HttpClient client = HttpClient.newHttpClient();
            var created = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/posts"))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"title\":\"Hi\",\"author\":\"ada\",\"body\":\"served\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(client.send(
                                    HttpRequest.newBuilder(URI.create(base + "/api/todos"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .isEqualTo("[]");

            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(128 + (signal.equals("INT") ? 2 : 15));
            assertThat(Files.readString(err)).contains("lockstep serve: stopped");
            assertThat(dir.resolve("serve-feed/post-1.json")).exists();
        } finally {
            p.destroyForcibly();
        }
    }
}
