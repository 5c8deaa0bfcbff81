package dev.lockstep.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.flow.server.FlowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The todo JSON API over real HTTP, on a temporary SQLite file. */
@Timeout(60)
class TodoAppTest {
    @TempDir
    Path dir;

    private FlowServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = TestApps.start(dir.resolve("todo.db"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createReadUpdateListAndDelete() throws Exception {
        var created = call("POST", "/api/todos", "{\"title\":\"write docs\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"id\":1,\"title\":\"write docs\",\"done\":false}");
        call("POST", "/api/todos", "{\"title\":\"run bench\",\"done\":true}");
        assertThat(call("GET", "/api/todos/1", null).body())
                .isEqualTo("{\"id\":1,\"title\":\"write docs\",\"done\":false}");
        var updated = call("PUT", "/api/todos/1", "{\"done\":true}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.body()).isEqualTo("{\"id\":1,\"title\":\"write docs\",\"done\":true}");
        assertThat(call("GET", "/api/todos", null).body())
                .isEqualTo(
                        "[{\"id\":1,\"title\":\"write docs\",\"done\":true},{\"id\":2,\"title\":\"run bench\",\"done\":true}]");
        assertThat(call("DELETE", "/api/todos/2", null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/todos/2", null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/todos/2", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIsA400NamingTheField() throws Exception {
        var noTitle = call("POST", "/api/todos", "{}");
        assertThat(noTitle.statusCode()).isEqualTo(400);
        assertThat(noTitle.body())
                .contains("\"code\":400")
                .contains("title is required")
                .contains("\"key\":\"title\"");
        assertThat(call("POST", "/api/todos", "not json").body()).contains("the body is not JSON");
        assertThat(call("PUT", "/api/todos/1", "{\"done\":\"yes\"}").body()).contains("done must be true or false");
        var badId = call("GET", "/api/todos/abc", null);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("the id must be a number");
        assertThat(call("GET", "/api/todos/99", null).statusCode()).isEqualTo(404);
    }
}
