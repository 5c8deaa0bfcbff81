package dev.lockstep.bench.flow;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Peer of the flow suite: Helidon 4 SE's web server (a virtual thread per connection, a blocking
 * read loop) serving the suite's three routes.
 *
 * <ul>
 *   <li>{@code GET /hello}: 200 {@code Hello, World!}, text/plain.
 *   <li>{@code GET /need3}: three {@code GET /slow} calls to the backend with Helidon's WebClient,
 *       each on its own virtual thread (Helidon's client is blocking; virtual threads are how
 *       Helidon 4 runs work in parallel), joined; 200 with the three bodies concatenated, 502 when
 *       a call fails.
 *   <li>{@code GET /sqlite?id=N}: the row through {@link Items} (JDBC, a pool of {@link
 *       Items#POOL} connections), 200 application/json, 404 without a row, 400 without a numeric
 *       id.
 * </ul>
 *
 * <p>The client's connection cache holds {@link FlowPeers#CLIENT_CONNECTIONS} keep-alive
 * connections to the backend, so 200 wrk connections' 600 calls in flight reuse their
 * connections instead of opening new ones.
 *
 * <p>{@code java ... HelidonFlowServer --port P --backend-port B --db FILE}.
 */
public final class HelidonFlowServer {
    private HelidonFlowServer() {}

    public static void main(String[] args) {
        WebServer server = start(FlowArgs.parse(args));
        System.out.println("helidon-flow: listening on 127.0.0.1:" + server.port() + " (Helidon 4 SE)");
        System.out.flush();
    }

    /** Starts the server; it runs until the JVM exits or {@link WebServer#stop()}. */
    public static WebServer start(FlowArgs a) {
        Items items = Items.open(a.db());
        WebClient client = WebClient.builder()
                .baseUri("http://127.0.0.1:" + a.backendPort())
                .connectionCacheSize(FlowPeers.CLIENT_CONNECTIONS)
                .shareConnectionCache(false)
                .build();
        ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
        return WebServer.builder()
                .host("127.0.0.1")
                .port(a.port())
                .routing(r -> r.get("/hello", (req, res) -> hello(res))
                        .get("/need3", (req, res) -> need3(client, calls, res))
                        .get("/sqlite", (req, res) -> sqlite(items, req, res)))
                .build()
                .start();
    }

    private static void hello(ServerResponse res) {
        res.headers().contentType(MediaTypes.TEXT_PLAIN);
        res.send(FlowPeers.HELLO);
    }

    private static void need3(WebClient client, ExecutorService calls, ServerResponse res) {
        List<Future<String>> f = new ArrayList<>(FlowPeers.CALLS);
        for (int i = 0; i < FlowPeers.CALLS; i++) {
            f.add(calls.submit(() -> slow(client))); // all three sent before the first is joined
        }
        StringBuilder body = new StringBuilder();
        try {
            for (Future<String> x : f) {
                body.append(x.get());
            }
        } catch (ExecutionException e) {
            res.status(Status.BAD_GATEWAY_502).send("backend call failed: " + e.getCause());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            res.status(Status.INTERNAL_SERVER_ERROR_500).send("interrupted");
            return;
        }
        res.headers().contentType(MediaTypes.TEXT_PLAIN);
        res.send(body.toString());
    }

    private static String slow(WebClient client) {
        try (var r = client.get("/slow").request()) {
            if (r.status().code() != 200) {
                throw new IllegalStateException("backend /slow answered " + r.status());
            }
            return r.as(String.class);
        }
    }

    private static void sqlite(Items items, ServerRequest req, ServerResponse res) {
        int id = Items.parseId(req.query().contains("id") ? req.query().get("id") : null);
        if (id < 0) {
            res.status(Status.BAD_REQUEST_400).send("id must be a number");
            return;
        }
        String json;
        try {
            json = items.json(id);
        } catch (java.sql.SQLException e) {
            res.status(Status.INTERNAL_SERVER_ERROR_500).send("SQLite: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            res.status(Status.INTERNAL_SERVER_ERROR_500).send("interrupted");
            return;
        }
        if (json == null) {
            res.status(Status.NOT_FOUND_404).send("no item " + id);
            return;
        }
        res.headers().contentType(MediaTypes.APPLICATION_JSON);
        res.send(json);
    }
}
