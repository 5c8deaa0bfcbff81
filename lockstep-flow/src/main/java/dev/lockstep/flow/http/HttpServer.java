package dev.lockstep.flow.http;

import dev.lockstep.io.BackendKind;
import dev.lockstep.io.IoException;
import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.Launcher;
import dev.lockstep.io.TaskHandle;
import dev.lockstep.io.TcpListener;
import dev.lockstep.io.TcpSocket;
import dev.lockstep.io.Threading;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server (RFC 9110, 9112) on 1..N lockstep-io runtimes, one per platform thread
 * (through {@link Launcher}). Guide: docs/flow-http.md.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder()
 *         .port(8080)
 *         .handler(req -> HttpResponse.text("hello " + req.queryParam("name")))
 *         .start();
 * ...
 * int cutOff = server.shutdown(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Each runtime has its own listener on the address ({@code SO_REUSEPORT} when N > 1), an accept
 * task and one task per connection ({@link HttpConnection}), which parses requests, runs the
 * handler in that same task, and writes the responses in order.
 *
 * <p>Shutdown ({@link #shutdown}): (1) the {@code shuttingDown} flag is set (volatile); (2) on each
 * runtime a task cancels the accept task (its listener closes, so new connections are refused) and
 * every connection idle between requests (it closes); a connection that finishes a request after
 * the flag is set answers it with {@code Connection: close} and closes; (3) the caller waits until
 * no connection is open or the deadline passes; (4) every runtime is stopped, which closes the
 * tasks and sockets left. The count returned is the requests still in flight at step 4. Race: a
 * connection that becomes idle after the flag was set sees the flag before it waits and closes; one
 * that became idle before is in its runtime's set when the cancelling task runs on the same loop
 * thread, so none is missed ({@code gracefulShutdownLetsAnInFlightRequestFinish}).
 */
public final class HttpServer implements AutoCloseable {
    static final System.Logger LOG = System.getLogger("dev.lockstep.flow.http");

    /** Listen backlog. */
    static final int BACKLOG = 4096;

    /** The state of one runtime of the server: touched only by that runtime's loop thread. */
    static final class RuntimeState {
        final IoRuntime runtime;
        final int index;
        final Set<HttpConnection> connections = Collections.newSetFromMap(new IdentityHashMap<>());
        TaskHandle acceptTask;
        long nextSeq;

        RuntimeState(IoRuntime runtime, int index) {
            this.runtime = runtime;
            this.index = index;
        }
    }

    final Builder config;
    final HttpHandler handler;
    volatile boolean shuttingDown;
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    private final List<RuntimeState> runtimes = new CopyOnWriteArrayList<>();
    private Thread launcher;
    private InetSocketAddress address;
    private boolean closed;

    private HttpServer(Builder config) {
        this.config = config;
        this.handler = Objects.requireNonNull(config.handler, "handler: set one with builder().handler(...)");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the runtimes and returns once every one listens. */
    private HttpServer startNow() {
        int threads = config.threads;
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        CompletableFuture<Void> allListening = new CompletableFuture<>();
        AtomicInteger listening = new AtomicInteger();
        AtomicInteger indexes = new AtomicInteger();
        launcher = Thread.ofPlatform().name("http-server-launcher").start(() -> {
            try {
                Launcher.run(Threading.multi(threads), () -> IoRuntime.builder().backend(config.backend), rt -> {
                    RuntimeState st = new RuntimeState(rt, indexes.getAndIncrement());
                    runtimes.add(st);
                    st.acceptTask = rt.spawn(r -> acceptLoop(st, bound, allListening, listening));
                });
            } catch (RuntimeException | Error e) {
                bound.completeExceptionally(e);
                allListening.completeExceptionally(e);
            }
        });
        String where = config.host + ":" + config.port;
        try {
            allListening.get(30, TimeUnit.SECONDS);
            address = bound.get();
            return this;
        } catch (ExecutionException e) {
            stopRuntimes();
            Throwable cause =
                    e.getCause() instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
                            ? ce.getCause()
                            : e.getCause();
            throw new IllegalStateException(
                    "the HTTP server cannot listen on " + where + " with backend " + config.backend + ": "
                            + cause.getMessage(),
                    cause);
        } catch (TimeoutException e) {
            stopRuntimes();
            throw new IllegalStateException("the HTTP server did not listen on " + where + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRuntimes();
            throw new IllegalStateException("interrupted while starting the HTTP server", e);
        }
    }

    private void acceptLoop(
            RuntimeState st,
            CompletableFuture<InetSocketAddress> bound,
            CompletableFuture<Void> allListening,
            AtomicInteger listening) {
        TcpListener l;
        try {
            // the first runtime picks the port; the others wait for it (blocking only this loop, briefly)
            boolean first = st.index == 0;
            InetSocketAddress at = first ? new InetSocketAddress(config.host, config.port) : bound.join();
            l = TcpListener.bind(at, BACKLOG, true, config.threads > 1);
            bound.complete(l.address());
        } catch (RuntimeException e) {
            bound.completeExceptionally(e);
            allListening.completeExceptionally(e);
            throw e;
        }
        if (listening.incrementAndGet() == config.threads) {
            allListening.complete(null);
        }
        try (l) {
            while (!shuttingDown) {
                TcpSocket s = l.accept();
                if (shuttingDown) {
                    s.close();
                    break;
                }
                // Nagle off, as HTTP servers do: a response written in two sends (headers, then a
                // large body) must not wait for the client's delayed ACK
                try {
                    s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IoException | UnsupportedOperationException e) {
                    // a peer already gone (or a socket without the option): serve it anyway, its
                    // reads will say so; the accept loop must not stop for one connection
                }
                HttpConnection c = new HttpConnection(this, st, s);
                open.incrementAndGet();
                st.connections.add(c);
                c.handle = st.runtime.spawn(r -> c.serve());
            }
        } catch (IoException e) {
            // cancelled by shutdown (or the listener failed): stop accepting
        }
    }

    /** The address the server listens on (the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** The backend in use: {@code io_uring} or {@code nio}. */
    public String backendName() {
        return runtimes.get(0).runtime.backendName();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    /**
     * Graceful shutdown: stops accepting (new connections are refused), closes idle connections,
     * lets requests in flight finish until {@code deadline} has passed, then closes everything.
     * Returns how many requests were cut off (still in flight at the deadline). Idempotent: a second
     * call returns 0.
     */
    public synchronized int shutdown(Duration deadline) {
        if (closed) {
            return 0;
        }
        closed = true;
        long end = System.nanoTime() + deadline.toNanos();
        shuttingDown = true;
        for (RuntimeState st : runtimes) {
            st.runtime.spawn(r -> {
                if (st.acceptTask != null) {
                    r.cancel(st.acceptTask);
                }
                for (HttpConnection c : new ArrayList<>(st.connections)) {
                    if (c.idle && c.handle != null) {
                        r.cancel(c.handle);
                    }
                }
            });
        }
        while (open.get() > 0 && System.nanoTime() - end < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int cutOff = open.get() > 0 ? inFlight.get() : 0;
        stopRuntimes();
        return cutOff;
    }

    /** {@link #shutdown} with the builder's {@code shutdownDeadline}. */
    @Override
    public void close() {
        shutdown(config.shutdownDeadline);
    }

    private void stopRuntimes() {
        runtimes.forEach(st -> st.runtime.stop());
        try {
            launcher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server's settings and limits; {@link #start()} makes the server. */
    public static final class Builder {
        String host = "127.0.0.1";
        int port = 8080;
        int threads = 1;
        BackendKind backend = BackendKind.AUTO;
        HttpHandler handler;
        int maxRequestLine = 8 * 1024;
        int maxHeaderBytes = 16 * 1024;
        int maxHeaders = 100;
        long maxBody = 1024 * 1024;
        Duration readTimeout = Duration.ofSeconds(10);
        Duration idleTimeout = Duration.ofSeconds(60);
        Duration shutdownDeadline = Duration.ofSeconds(10);

        Builder() {}

        /** The address to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default 8080; 0: any free port, see {@link HttpServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 0..65535");
            }
            this.port = port;
            return this;
        }

        /** The number of I/O runtimes, one per thread (default 1). */
        public Builder threads(int threads) {
            this.threads = positive("threads", threads);
            return this;
        }

        /** The I/O backend (default AUTO: io_uring where the kernel allows it, else NIO). */
        public Builder backend(BackendKind backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public Builder handler(HttpHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Longest request line (default 8 KiB): a longer target is a 414, a longer method a 400. */
        public Builder maxRequestLine(int bytes) {
            this.maxRequestLine = atLeast16("maxRequestLine", bytes);
            return this;
        }

        /** Largest header section, and separately trailer section (default 16 KiB): else 431. */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = atLeast16("maxHeaderBytes", bytes);
            return this;
        }

        /** Most header fields, and separately trailer fields (default 100): else 431. */
        public Builder maxHeaders(int count) {
            this.maxHeaders = positive("maxHeaders", count);
            return this;
        }

        /** Largest body (default 1 MiB): else 413. */
        public Builder maxBody(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBody must be 0 or more, not " + bytes);
            }
            this.maxBody = bytes;
            return this;
        }

        /**
         * The time a request head may take to arrive once its first byte has, and the longest
         * wait for more bytes of a body (default 10 s); past it the request gets 408 and the
         * connection closes.
         */
        public Builder readTimeout(Duration d) {
            this.readTimeout = positive("readTimeout", d);
            return this;
        }

        /** How long a keep-alive connection may wait for its next request (default 60 s); then it closes. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = positive("idleTimeout", d);
            return this;
        }

        /** The deadline {@link HttpServer#close()} gives requests in flight (default 10 s). */
        public Builder shutdownDeadline(Duration d) {
            this.shutdownDeadline = Objects.requireNonNull(d, "shutdownDeadline");
            return this;
        }

        /** Starts the server and returns once it listens (later changes to this builder do not reach it). */
        public HttpServer start() {
            return new HttpServer(copy()).startNow();
        }

        private Builder copy() {
            Builder b = new Builder();
            b.host = host;
            b.port = port;
            b.threads = threads;
            b.backend = backend;
            b.handler = handler;
            b.maxRequestLine = maxRequestLine;
            b.maxHeaderBytes = maxHeaderBytes;
            b.maxHeaders = maxHeaders;
            b.maxBody = maxBody;
            b.readTimeout = readTimeout;
            b.idleTimeout = idleTimeout;
            b.shutdownDeadline = shutdownDeadline;
            return b;
        }

        private static int positive(String what, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be 1 or more, not " + v);
            }
            return v;
        }

        private static int atLeast16(String what, int v) {
            if (v < 16) {
                throw new IllegalArgumentException(what + " must be 16 bytes or more, not " + v);
            }
            return v;
        }

        private static Duration positive(String what, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
            return d;
        }
    }
}
