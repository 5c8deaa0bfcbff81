package dev.lockstep.flow.http;

import dev.lockstep.core.Future;
import dev.lockstep.core.Promise;
import dev.lockstep.flow.http.internal.ConnectionPool;
import dev.lockstep.flow.http.internal.ResponseParser;
import dev.lockstep.io.BackendKind;
import dev.lockstep.io.ByteSource;
import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.TaskHandle;
import dev.lockstep.io.TcpSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 client (plain http) that runs each exchange as a task on the calling thread's
 * {@link IoRuntime}, so that on a server's I/O thread the exchange, its completion and whatever
 * the completion runs (a flow request's next step, its response) stay on that thread. Called
 * from any other thread, the exchange runs on the client's own I/O runtime, whose thread starts at
 * the first such call and ends with {@link #close()}. Guide: docs/flow-pipeline.md, "The HTTP
 * client on the I/O runtime".
 *
 * <pre>{@code
 * IoHttpClient client = IoHttpClient.builder().build();
 * IoHttpClient.Response r = client.send("GET", URI.create("http://127.0.0.1:8080/x"), Map.of(), null).join();
 * }</pre>
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Connections: per runtime (in its per-runtime storage, so only its loop thread touches them)
 * and per host:port, a {@link ConnectionPool} of idle keep-alive connections. An exchange takes
 * one or connects (TCP_NODELAY), writes the request in one send, parses the response with a
 * {@link ResponseParser} and gives the connection back only when the response was complete, not
 * {@code Connection: close} and nothing beyond it was received. A taken connection that fails
 * before any response byte arrived was closed by the server while idle: the exchange is retried
 * once on a fresh connection ({@code aPooledConnectionTheServerClosedIsRetried}).
 *
 * <p>Cancel: cancelling the returned future asks the runtime to cancel the task (from any thread),
 * which ends its pending recv or send; the task then closes the connection, never pooled. The race
 * between the cancel and the task running is safe: the task reads the future's state before every
 * I/O call, on the loop thread; a cancel that the task did not see is queued to the loop, which
 * reads its queue only when the task is suspended in that call, and then ends it
 * ({@code cancelMidResponseClosesTheConnection}).
 */
public final class IoHttpClient implements AutoCloseable {
    private static final AtomicLong IDS = new AtomicLong();

    private final String poolKey = "dev.lockstep.flow.http.IoHttpClient#" + IDS.incrementAndGet();
    private final String name;
    private final BackendKind backend;
    private final long maxBody;
    private final int maxIdlePerHost;
    private IoRuntime own; // guarded by this
    private Thread ownThread; // guarded by this
    private boolean closed; // guarded by this

    /** A response: status, headers (names in lower case; repeated ones joined by ", "), body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        /** The value of header {@code name} (any case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private IoHttpClient(Builder b) {
        this.name = b.name;
        this.backend = b.backend;
        this.maxBody = b.maxBody;
        this.maxIdlePerHost = b.maxIdlePerHost;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends {@code method uri} with {@code headers} and {@code body} (null: none). The future
     * completes with the response of any status, or fails with a {@link HttpClientException} naming the
     * URI and what went wrong; cancelling it ends the exchange.
     *
     * @throws IllegalArgumentException for a URI that is not http or has no host, or a header with CR or LF
     */
    public Future<Response> send(String method, URI uri, Map<String, String> headers, byte[] body) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("IoHttpClient supports plain http URIs with a host; got " + uri
                    + " (use HttpCall's JDK overloads for https)");
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String target = method + " " + uri;
        byte[] request = encode(method, uri, port, headers == null ? Map.of() : headers, body);
        Exchange x = new Exchange(
                method, target, uri.getHost() + ":" + port, new InetSocketAddress(uri.getHost(), port), request);
        IoRuntime rt = IoRuntime.currentOrNull();
        try {
            if (rt == null) {
                rt = ownRuntime();
            }
            IoRuntime runtime = rt;
            TaskHandle h = runtime.spawn(r -> run(r, x));
            x.promise.onComplete((v, e) -> {
                if (x.promise.isCancelled()) {
                    runtime.cancel(h);
                }
            });
        } catch (IllegalStateException e) {
            x.promise.fail(
                    new HttpClientException(target + ": the I/O runtime refused the exchange: " + e.getMessage(), e));
        }
        return x.promise;
    }

    /** Stops the client's own I/O runtime (if it started), closing its pooled connections. */
    @Override
    public void close() {
        IoRuntime rt;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            rt = own;
        }
        if (rt != null) {
            try {
                rt.spawn(r -> {
                    ConnectionPool p = r.get(poolKey, ConnectionPool.class);
                    if (p != null) {
                        p.close();
                    }
                    r.stop();
                });
            } catch (IllegalStateException e) {
                rt.stop();
            }
        }
    }

    private synchronized IoRuntime ownRuntime() {
        if (closed) {
            throw new IllegalStateException("client '" + name + "' is closed");
        }
        if (own == null) {
            IoRuntime rt = IoRuntime.builder().name(name).backend(backend).build();
            rt.spawn(r -> {
                while (true) {
                    r.park(); // keeps the loop running between exchanges; ends with stop()
                }
            });
            Thread t = new Thread(rt::run, name);
            t.setDaemon(true);
            t.start();
            own = rt;
            ownThread = t;
        }
        return own;
    }

    /** The thread of the client's own runtime, or null before the first call from a non-I/O thread. */
    synchronized Thread ownThread() {
        return ownThread;
    }

    /** Idle pooled connections to {@code hostPort} on the calling task's runtime (tests). */
    public int idleConnections(String hostPort) {
        ConnectionPool p = IoRuntime.current().get(poolKey, ConnectionPool.class);
        return p == null ? 0 : p.idleCount(hostPort);
    }

    private static final class Exchange {
        final String method;
        final String target;
        final String key;
        final InetSocketAddress address;
        final byte[] request;
        final Promise<Response> promise = new Promise<>();

        Exchange(String method, String target, String key, InetSocketAddress address, byte[] request) {
            this.method = method;
            this.target = target;
            this.key = key;
            this.address = address;
            this.request = request;
        }
    }

    private ConnectionPool pool(IoRuntime rt) {
        ConnectionPool p = rt.get(poolKey, ConnectionPool.class);
        if (p == null) {
            p = new ConnectionPool(maxIdlePerHost);
            rt.put(poolKey, p);
        }
        return p;
    }

    /** The task of one exchange; never throws (every failure fails the promise). */
    private void run(IoRuntime rt, Exchange x) {
        ConnectionPool pool = pool(rt);
        TcpSocket s = null;
        try {
            if (x.promise.isDone()) {
                return; // cancelled before it started
            }
            s = pool.take(x.key);
            boolean reused = s != null;
            if (s == null) {
                s = connect(x);
            }
            ResponseParser parser = new ResponseParser(source(s, x), x.target, maxBody);
            ResponseParser.Parsed p;
            try {
                p = exchange(s, parser, x);
            } catch (RuntimeException e) {
                if (!reused || parser.received() > 0 || x.promise.isDone()) {
                    throw e;
                }
                // a stale pooled connection: the server closed it while idle; once on a fresh one
                s.close();
                s = null;
                s = connect(x);
                parser = new ResponseParser(source(s, x), x.target, maxBody);
                p = exchange(s, parser, x);
            }
            TcpSocket done = s;
            s = null;
            if (p.keepAlive() && !parser.hasLeftover() && !x.promise.isDone()) {
                pool.give(x.key, done); // the response was complete: the connection may carry another
            } else {
                done.close();
            }
            x.promise.complete(new Response(p.status(), p.headers(), p.body()));
        } catch (HttpClientException e) {
            x.promise.fail(e);
        } catch (Throwable e) {
            x.promise.fail(new HttpClientException(x.target + ": " + e.getMessage(), e));
        } finally {
            if (s != null) {
                s.close(); // failed or cancelled: never pooled
            }
        }
    }

    private TcpSocket connect(Exchange x) {
        checkCancelled(x);
        return TcpSocket.connect(x.address); // TCP_NODELAY set by connect
    }

    private static ResponseParser.Parsed exchange(TcpSocket s, ResponseParser parser, Exchange x) {
        checkCancelled(x);
        s.sendAll(x.request, 0, x.request.length);
        checkCancelled(x);
        return parser.read(x.method);
    }

    /**
     * The socket's bytes, reading the future's state before every receive: a cancel that came
     * while the task was runnable (its last receive done) found no wait to end, so the task must
     * see it before it waits again ({@code cancelMidResponseClosesTheConnection}).
     */
    private static ByteSource source(TcpSocket s, Exchange x) {
        return (buf, off, len) -> {
            checkCancelled(x);
            return s.recv(buf, off, len);
        };
    }

    private static void checkCancelled(Exchange x) {
        if (x.promise.isDone()) {
            throw new HttpClientException(x.target + ": cancelled");
        }
    }

    private static byte[] encode(String method, URI uri, int port, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder(128);
        String path = uri.getRawPath();
        sb.append(method).append(' ').append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        sb.append(" HTTP/1.1\r\n");
        boolean host = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String n = h.getKey();
            String v = h.getValue();
            if (n.indexOf('\r') >= 0 || n.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header '" + n + "' for " + uri + " contains CR or LF");
            }
            String lower = n.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") || lower.equals("connection") || lower.equals("transfer-encoding")) {
                continue; // the client sets these
            }
            host |= lower.equals("host");
            sb.append(n).append(": ").append(v).append("\r\n");
        }
        if (!host) {
            sb.append("Host: ").append(uri.getHost());
            if (uri.getPort() >= 0) {
                sb.append(':').append(port);
            }
            sb.append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("Connection: keep-alive\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Settings of a client. */
    public static final class Builder {
        private String name = "io-http-client";
        private BackendKind backend = BackendKind.AUTO;
        private long maxBody = 16L << 20;
        private int maxIdlePerHost = 256;

        private Builder() {}

        /** The name of its own I/O runtime and thread. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The backend of its own I/O runtime (calls from non-I/O threads); default AUTO. */
        public Builder backend(BackendKind backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** The largest response body accepted (default 16 MiB); a larger one fails the exchange. */
        public Builder maxBody(long bytes) {
            if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "maxBody must be in 0.." + (Integer.MAX_VALUE - 8) + ", got " + bytes);
            }
            this.maxBody = bytes;
            return this;
        }

        /** Idle keep-alive connections kept per runtime and host:port (default 256). */
        public Builder maxIdlePerHost(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxIdlePerHost must be >= 0, got " + n);
            }
            this.maxIdlePerHost = n;
            return this;
        }

        public IoHttpClient build() {
            return new IoHttpClient(this);
        }
    }
}
