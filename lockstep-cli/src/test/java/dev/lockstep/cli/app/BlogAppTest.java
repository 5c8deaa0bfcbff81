package dev.lockstep.cli.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lockstep.flow.server.FlowServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The blog: forms create posts and comments; the pages are checked in headless Chromium. */
@Timeout(120)
class BlogAppTest {
    @TempDir
    Path dir;

    private FlowServer server;
    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        server = TestApps.start(dir.resolve("blog.db"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private HttpResponse<String> form(String path, String... kv) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            body.append(i == 0 ? "" : "&")
                    .append(kv[i])
                    .append('=')
                    .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return client.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void formsCreateAPostAndACommentAndThePageShowsThemEscaped() throws Exception {
        var created = form("/blog/posts", "title", "Hello <b>world</b>", "author", "ada", "body", "first post");
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location")).contains("/blog/posts/1");
        assertThat(form("/blog/posts/1/comments", "author", "bob", "body", "nice")
                        .statusCode())
                .isEqualTo(303);
        var page = client.send(
                HttpRequest.newBuilder(URI.create(url("/blog/posts/1"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("<h1>Hello &lt;b&gt;world&lt;/b&gt;</h1>")
                .contains("<b>bob</b>: nice");
        assertThat(client.send(
                                HttpRequest.newBuilder(URI.create(url("/blog/posts/9")))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        assertThat(form("/blog/posts/9/comments", "author", "x", "body", "y").statusCode())
                .isEqualTo(404);
        assertThat(form("/blog/posts", "title", "", "author", "a", "body", "b").body())
                .contains("title must be text");
    }

    @Test
    void thePagesRenderInHeadlessChromium() throws Exception {
        String chromium = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : null;
        assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium); .ci/run installs it");
        form("/blog/posts", "title", "Rendered", "author", "ada", "body", "line one\nline two");
        String index = dom(chromium, url("/blog"));
        assertThat(index).contains("<a href=\"/blog/posts/1\">Rendered</a>");
        String post = dom(chromium, url("/blog/posts/1"));
        assertThat(post).contains("line one<br>line two").contains("data-scripted=\"yes\"");
    }

    private static String dom(String chromium, String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("blog-chromium");
        Process p = new ProcessBuilder(List.of(
                        chromium,
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--user-data-dir=" + profile,
                        "--dump-dom",
                        url))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
