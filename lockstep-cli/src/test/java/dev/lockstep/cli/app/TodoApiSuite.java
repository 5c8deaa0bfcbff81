package dev.lockstep.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.server.FlowServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo JSON API over real HTTP, written once and run on each database backend by a subclass
 * ({@link TodoAppTest}: SQLite; {@link TodoAppPostgresTest}: PostgreSQL).
 */
@Timeout(60)
abstract class TodoApiSuite {
    @TempDir
    Path dir;

    private FlowServer server;

    /** A fresh, empty database of this backend for one test. */
    abstract FlowConfig.Database freshDatabase(Path dir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        server = TestApps.start(freshDatabase(dir), new ExampleApp.Options(dir.resolve("feed"), Faults.NONE));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return TestApps.call(server, method, path, body);
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
