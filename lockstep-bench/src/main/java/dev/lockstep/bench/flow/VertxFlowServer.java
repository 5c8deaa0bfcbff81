package dev.lockstep.bench.flow;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Peer of the flow suite: Vert.x 5 (vertx-web's router on one event loop) serving the suite's
 * three routes.
 *
 * <ul>
 *   <li>{@code GET /hello}: 200 {@code Hello, World!}, text/plain.
 *   <li>{@code GET /need3}: three {@code GET /slow} calls with Vert.x's non-blocking WebClient,
 *       sent at once and joined with {@code Future.all}; 200 with the three bodies concatenated,
 *       502 when a call fails.
 *   <li>{@code GET /sqlite?id=N}: the row through {@link Items} (JDBC is blocking, so it runs on
 *       Vert.x's worker pool with {@code executeBlocking}, unordered, as vertx-jdbc-client does; the
 *       pool has {@link Items#POOL} threads, one per pooled connection); 200 application/json, 404
 *       without a row, 400 without a numeric id.
 * </ul>
 *
 * <p>One event loop (the server is pinned to one core, as Netty's peers in the io suite); the
 * client's pool may hold {@link FlowPeers#CLIENT_CONNECTIONS} connections to the backend (Vert.x's
 * default of 5 would queue 600 calls in flight behind 5 connections).
 *
 * <p>{@code java ... VertxFlowServer --port P --backend-port B --db FILE}.
 */
public final class VertxFlowServer {
    private VertxFlowServer() {}

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        Started s = start(FlowArgs.parse(args));
        System.out.println("vertx-flow: listening on 127.0.0.1:" + s.server().actualPort() + " (Vert.x 5)");
        System.out.flush();
    }

    /** A running server and its Vert.x instance (close that to stop both). */
    public record Started(Vertx vertx, HttpServer server, Items items) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException, ExecutionException {
            vertx.close().toCompletionStage().toCompletableFuture().get();
            items.close();
        }
    }

    /** Starts the server; it runs until the JVM exits or {@link Started#close()}. */
    public static Started start(FlowArgs a) throws InterruptedException, ExecutionException {
        Items items = Items.open(a.db());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(Items.POOL));
        WebClient client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setKeepAlive(true)
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(a.backendPort()),
                new PoolOptions().setHttp1MaxSize(FlowPeers.CLIENT_CONNECTIONS));
        Router router = Router.router(vertx);
        router.get("/hello")
                .handler(ctx ->
                        ctx.response().putHeader("content-type", "text/plain").end(FlowPeers.HELLO));
        router.get("/need3").handler(ctx -> need3(client, ctx));
        router.get("/sqlite").handler(ctx -> sqlite(vertx, items, ctx));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(a.port(), "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        return new Started(vertx, server, items);
    }

    private static void need3(WebClient client, RoutingContext ctx) {
        List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>(FlowPeers.CALLS);
        for (int i = 0; i < FlowPeers.CALLS; i++) {
            calls.add(client.get("/slow").send());
        }
        Future.all(calls).onComplete(done -> {
            if (done.failed()) {
                ctx.response().setStatusCode(502).end("backend call failed: " + done.cause());
                return;
            }
            StringBuilder body = new StringBuilder();
            for (Future<HttpResponse<Buffer>> f : calls) {
                HttpResponse<Buffer> r = f.result();
                if (r.statusCode() != 200) {
                    ctx.response().setStatusCode(502).end("backend /slow answered " + r.statusCode());
                    return;
                }
                body.append(r.bodyAsString());
            }
            ctx.response().putHeader("content-type", "text/plain").end(body.toString());
        });
    }

    private static void sqlite(Vertx vertx, Items items, RoutingContext ctx) {
        int id = Items.parseId(ctx.request().getParam("id"));
        if (id < 0) {
            ctx.response().setStatusCode(400).end("id must be a number");
            return;
        }
        vertx.executeBlocking(() -> items.json(id), false).onComplete(r -> {
            if (r.failed()) {
                ctx.response().setStatusCode(500).end("SQLite: " + r.cause().getMessage());
            } else if (r.result() == null) {
                ctx.response().setStatusCode(404).end("no item " + id);
            } else {
                ctx.response().putHeader("content-type", "application/json").end(r.result());
            }
        });
    }
}
