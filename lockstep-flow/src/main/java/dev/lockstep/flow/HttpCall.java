package dev.lockstep.flow;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.flow.http.IoHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP request effects on the JDK {@link HttpClient}: the response body lands in the slot through
 * its codec; a status outside 200..299 fails the attempt (so it is retried by the policy).
 * Cancelling the effect cancels the exchange.
 *
 * <p>The overloads taking an {@link IoHttpClient} run the exchange on the calling thread's I/O
 * runtime instead (a flow server's I/O thread, where a request's steps and effect starts run), so
 * the exchange, the effect's completion and the request's continuation stay on that thread; same
 * semantics otherwise. Guide: docs/flow-pipeline.md, "The HTTP client on the I/O runtime".
 */
public final class HttpCall {
    private HttpCall() {}

    /**
     * A shared client tuned for effects: HTTP/1.1 with keep-alive and an inline executor, so the
     * client's own small tasks (reading a response, handing the body on) run on its selector thread
     * instead of hopping to a thread pool. Decision: the JDK's default executor is a cached pool
     * that grows a thread per concurrent exchange; at 600 exchanges in flight on one core it cost
     * 665 against 348 microseconds of server CPU per three-call request (flow-need3, docs/flow-bench.md).
     * The client's maintainers describe its executor as meant for short non-blocking tasks, and say
     * an inline executor is a valid choice; dependent actions of the returned futures (where the
     * effect completes and the request continues) still run on the common pool, never on the
     * selector thread. Use your own client for HTTP/2, TLS settings, proxies or cookies.
     */
    public static HttpClient client() {
        return SharedClient.CLIENT;
    }

    /** A new client with the settings of {@link #client()}. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run)
                .build();
    }

    private static final class SharedClient {
        static final HttpClient CLIENT = newClient();
    }

    /** Effect: GET {@code uri}; the body lands in {@code into}. */
    public static <T> Effect<T> get(HttpClient client, String effect, URI uri, Slot<T> into) {
        return send(client, effect, HttpRequest.newBuilder(uri).GET().build(), into);
    }

    /** Effect: POST {@code value} (encoded by {@code body}'s codec) to {@code uri}; the response body lands in {@code into}. */
    public static <B, T> Effect<T> post(
            HttpClient client, String effect, URI uri, Slot<B> body, B value, String contentType, Slot<T> into) {
        byte[] bytes = body.codec().encode(value);
        HttpRequest req = HttpRequest.newBuilder(uri)
                .header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return send(client, effect, req, into);
    }

    /** Effect: sends {@code request}; the body lands in {@code into} (may be null). */
    public static <T> Effect<T> send(HttpClient client, String effect, HttpRequest request, Slot<T> into) {
        String target = request.method() + " " + request.uri();
        return new Effect<>(effect, "http", target, into, true, null, RetryPolicy.NONE, attempt -> {
            Promise<byte[]> p = new Promise<>();
            CompletableFuture<HttpResponse<byte[]>> cf =
                    client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            cf.whenComplete((r, e) -> {
                if (e != null) {
                    p.fail(e);
                } else if (r.statusCode() / 100 != 2) {
                    p.fail(new FlowException(target + " answered " + r.statusCode()));
                } else {
                    p.complete(r.body());
                }
            });
            p.onComplete((v, e) -> {
                if (p.isCancelled()) {
                    cf.cancel(true);
                }
            });
            return p;
        });
    }

    /** Effect: GET {@code uri} on the I/O runtime's client; the body lands in {@code into}. */
    public static <T> Effect<T> get(IoHttpClient client, String effect, URI uri, Slot<T> into) {
        return send(client, effect, "GET", uri, Map.of(), null, into);
    }

    /** Effect: POST {@code value} (encoded by {@code body}'s codec) with the I/O runtime's client. */
    public static <B, T> Effect<T> post(
            IoHttpClient client, String effect, URI uri, Slot<B> body, B value, String contentType, Slot<T> into) {
        byte[] bytes = body.codec().encode(value);
        return send(client, effect, "POST", uri, Map.of("content-type", contentType), bytes, into);
    }

    /**
     * Effect: sends {@code method uri} with {@code headers} and {@code body} (null: none) on the
     * I/O runtime's client; the body lands in {@code into} (may be null).
     */
    public static <T> Effect<T> send(
            IoHttpClient client,
            String effect,
            String method,
            URI uri,
            Map<String, String> headers,
            byte[] body,
            Slot<T> into) {
        String target = method + " " + uri;
        return new Effect<>(effect, "http", target, into, true, null, RetryPolicy.NONE, attempt -> {
            Promise<byte[]> p = new Promise<>();
            Future<IoHttpClient.Response> f = client.send(method, uri, headers, body);
            f.onComplete((r, e) -> {
                if (e != null) {
                    p.fail(e);
                } else if (r.status() / 100 != 2) {
                    p.fail(new FlowException(target + " answered " + r.status()));
                } else {
                    p.complete(r.body());
                }
            });
            p.onComplete((v, e) -> {
                if (p.isCancelled()) {
                    f.cancel();
                }
            });
            return p;
        });
    }
}
