package dev.lockstep.cli;

import dev.lockstep.io.BackendKind;
import dev.lockstep.io.IoException;
import dev.lockstep.io.IoRuntime;
import dev.lockstep.io.Launcher;
import dev.lockstep.io.TcpListener;
import dev.lockstep.io.TcpSocket;
import dev.lockstep.io.Threading;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A TCP server on 1..N I/O runtimes (one per platform thread, through {@link Launcher}): each
 * runtime has its own listener on the same address ({@code SO_REUSEPORT} when N > 1, so the kernel
 * spreads connections), an accept task, and one task per connection running the handler. Used by
 * {@code lockstep io echo} and {@code lockstep io http-hello}, and started in-process by their
 * tests.
 *
 * <p>{@link #start} returns once every runtime listens, or throws the reason none could (a backend
 * that cannot open, an address in use). Runtime 0 binds first (port 0 picks a free port); the
 * others then bind to the port it got. {@link #close()} stops every runtime (their tasks and
 * sockets are closed) and waits for the loops to end.
 */
final class IoServer implements AutoCloseable {
    /** Listen backlog: the io suite opens up to 1000 connections at once. */
    static final int BACKLOG = 4096;

    private final Thread launcher;
    private final List<IoRuntime> runtimes;
    private final InetSocketAddress address;
    private final String backend;

    private IoServer(Thread launcher, List<IoRuntime> runtimes, InetSocketAddress address, String backend) {
        this.launcher = launcher;
        this.runtimes = runtimes;
        this.address = address;
        this.backend = backend;
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @throws IllegalStateException with the reason when it cannot listen (or does not within 30 s)
     */
    static IoServer start(
            String name, InetSocketAddress bind, BackendKind backend, int threads, Consumer<TcpSocket> handler) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be 1 or more, not " + threads);
        }
        List<IoRuntime> runtimes = new CopyOnWriteArrayList<>();
        CompletableFuture<IoRuntime> first = new CompletableFuture<>();
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        CompletableFuture<Void> allListening = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger listening = new java.util.concurrent.atomic.AtomicInteger();
        Thread launcher = Thread.ofPlatform().name(name + "-launcher").start(() -> {
            try {
                Launcher.run(Threading.multi(threads), () -> IoRuntime.builder().backend(backend), rt -> {
                    runtimes.add(rt);
                    boolean isFirst = first.complete(rt);
                    rt.spawn(r -> {
                        TcpListener l;
                        try {
                            // runtime 0 picks the port; the others wait for it (blocking only this loop, briefly)
                            InetSocketAddress at = isFirst ? bind : bound.join();
                            l = TcpListener.bind(at, BACKLOG, true, threads > 1);
                            bound.complete(l.address());
                        } catch (RuntimeException e) {
                            bound.completeExceptionally(e);
                            allListening.completeExceptionally(e);
                            throw e;
                        }
                        if (listening.incrementAndGet() == threads) {
                            allListening.complete(null);
                        }
                        try (l) {
                            while (true) {
                                TcpSocket s = l.accept();
                                r.spawn(c -> handler.accept(s));
                            }
                        }
                    });
                });
            } catch (RuntimeException | Error e) {
                bound.completeExceptionally(e);
                allListening.completeExceptionally(e);
            }
        });
        try {
            allListening.get(30, TimeUnit.SECONDS);
            InetSocketAddress address = bound.get();
            return new IoServer(launcher, runtimes, address, first.get().backendName());
        } catch (ExecutionException e) {
            stopAll(runtimes, launcher);
            Throwable cause =
                    e.getCause() instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
                            ? ce.getCause()
                            : e.getCause();
            throw new IllegalStateException(
                    "cannot listen on " + bind.getHostString() + ":" + bind.getPort() + " with backend "
                            + backendName(backend) + ": " + reason(cause),
                    cause);
        } catch (TimeoutException e) {
            stopAll(runtimes, launcher);
            throw new IllegalStateException(
                    "the server did not listen on " + bind.getHostString() + ":" + bind.getPort() + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAll(runtimes, launcher);
            throw new IllegalStateException("interrupted while starting the server", e);
        }
    }

    private static String reason(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** The option spelling of a backend: {@code auto}, {@code io_uring}, {@code nio}. */
    static String backendName(BackendKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The address every runtime listens on (the port chosen when 0 was asked). */
    InetSocketAddress address() {
        return address;
    }

    /** The backend in use, as the runtime names it: {@code io_uring} or {@code nio}. */
    String backend() {
        return backend;
    }

    int threads() {
        return runtimes.size();
    }

    /** Waits until the server has stopped (after {@link #close()}, or a failure of every loop). */
    void await() throws InterruptedException {
        launcher.join();
    }

    /** Stops every runtime and waits (up to 10 s) for the loops to end. */
    @Override
    public void close() {
        stopAll(runtimes, launcher);
    }

    private static void stopAll(List<IoRuntime> runtimes, Thread launcher) {
        runtimes.forEach(IoRuntime::stop);
        try {
            launcher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The echo handler: sends back every byte received, until the peer closes. */
    static void echo(TcpSocket s) {
        byte[] buf = new byte[16 * 1024];
        try (s) {
            int n;
            while ((n = s.recv(buf, 0, buf.length)) > 0) {
                s.sendAll(buf, 0, n);
            }
        } catch (IoException e) {
            // the peer reset the connection: nothing left to echo
        }
    }
}
