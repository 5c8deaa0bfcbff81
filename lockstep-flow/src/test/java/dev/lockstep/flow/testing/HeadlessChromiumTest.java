package dev.lockstep.flow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The harness itself: a page served on loopback is loaded and its script runs. */
class HeadlessChromiumTest {
    @Test
    void aLocalPageLoadsAndItsScriptRuns() throws Exception {
        String why = HeadlessChromium.unavailable();
        assumeTrue(why == null, why);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] page =
                    "<html><body><p id=p>static</p><script>document.getElementById('p').textContent='scripted'</script></body></html>"
                            .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        server.start();
        try {
            String dom = HeadlessChromium.dom(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertThat(dom).contains("<p id=\"p\">scripted</p>");
        } finally {
            server.stop(0);
        }
    }
}
