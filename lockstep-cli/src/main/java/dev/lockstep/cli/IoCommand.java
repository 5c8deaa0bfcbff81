package dev.lockstep.cli;

import dev.lockstep.io.BackendKind;
import dev.lockstep.io.IoException;
import dev.lockstep.io.IoFile;
import dev.lockstep.io.IoRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep io}: the lockstep-io examples as commands. {@code echo} and {@code http-hello}
 * are TCP servers on {@link IoServer} (print the address and backend they listen on, then serve
 * until SIGINT, which stops the runtimes cleanly); {@code cat} streams a file to standard output
 * through {@link IoFile}. Every command takes {@code --backend auto|io_uring|nio}. The io benchmark
 * suite runs {@code http-hello} and {@code echo} in their own JVMs (docs/io.md).
 */
@Command(
        name = "io",
        mixinStandardHelpOptions = true,
        description = "lockstep-io examples: a TCP echo server, cat through IoFile, an HTTP hello server.",
        subcommands = {IoCommand.Echo.class, IoCommand.Cat.class, IoCommand.HttpHelloCommand.class})
final class IoCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Exit code of a command that could not do its job (the message says why). */
    static final int FAILED = 1;

    /** {@code --backend}: auto, io_uring (or io-uring), nio; any case. */
    static final class BackendConverter implements CommandLine.ITypeConverter<BackendKind> {
        @Override
        public BackendKind convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "auto" -> BackendKind.AUTO;
                case "io_uring", "io-uring", "uring" -> BackendKind.IO_URING;
                case "nio" -> BackendKind.NIO;
                default ->
                    throw new CommandLine.TypeConversionException(
                            "unknown backend '" + value + "'; valid: auto, io_uring, nio");
            };
        }
    }

    /** Options every server takes. */
    abstract static class ServerOptions implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--port", required = true, paramLabel = "P", description = "TCP port (0: any free port).")
        int port;

        @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (default ${DEFAULT-VALUE}).")
        String host = "127.0.0.1";

        @Option(
                names = "--backend",
                paramLabel = "B",
                converter = BackendConverter.class,
                description = "auto, io_uring or nio (default auto).")
        BackendKind backend = BackendKind.AUTO;

        abstract String name();

        abstract Consumer<dev.lockstep.io.TcpSocket> handler();

        int threads() {
            return 1;
        }

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            IoServer server;
            try {
                server = IoServer.start(name(), new InetSocketAddress(host, port), backend, threads(), handler());
            } catch (IllegalStateException | IllegalArgumentException e) {
                err.println("lockstep io " + name() + ": " + e.getMessage());
                err.flush();
                return FAILED;
            }
            Thread stop = new Thread(
                    () -> {
                        server.close();
                        err.println("lockstep io " + name() + ": stopped");
                        err.flush();
                    },
                    "lockstep-io-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            // The io benchmark reads this line to find the port: keep its shape.
            out.println("lockstep io " + name() + ": listening on "
                    + server.address().getHostString() + ":"
                    + server.address().getPort() + " (backend " + server.backend() + ", " + server.threads()
                    + (server.threads() == 1 ? " runtime" : " runtimes") + ")");
            out.flush();
            server.await();
            return 0;
        }
    }

    @Command(name = "echo", description = "TCP echo server: one task per connection sends back every byte it receives.")
    static final class Echo extends ServerOptions {
        @Override
        String name() {
            return "echo";
        }

        @Override
        Consumer<dev.lockstep.io.TcpSocket> handler() {
            return IoServer::echo;
        }
    }

    @Command(
            name = "http-hello",
            mixinStandardHelpOptions = true,
            description = {
                "Keep-alive HTTP/1.1 server answering every request with 200 and the 25-byte body"
                        + " \"This is an HTTP benchmark\" (pipelining, Content-Length bodies, Connection: close).",
            })
    static final class HttpHelloCommand extends ServerOptions {
        @Option(
                names = "--threads",
                paramLabel = "N",
                description = "I/O runtimes, one per thread, each accepting on the port (default 1).")
        int threads = 1;

        @Override
        String name() {
            return "http-hello";
        }

        @Override
        Consumer<dev.lockstep.io.TcpSocket> handler() {
            return HttpHello::serve;
        }

        @Override
        int threads() {
            return threads;
        }
    }

    @Command(
            name = "cat",
            mixinStandardHelpOptions = true,
            description = "Prints a file to standard output, read through IoFile in 64 KiB chunks.")
    static final class Cat implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The file to print.")
        Path file;

        @Option(
                names = "--backend",
                paramLabel = "B",
                converter = BackendConverter.class,
                description = "auto, io_uring or nio (default auto).")
        BackendKind backend = BackendKind.AUTO;

        /** Where the bytes go; standard output unless a test sets it. */
        OutputStream sink = System.out;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                cat(file, backend, sink);
                return 0;
            } catch (IoException | IllegalStateException | UnsupportedOperationException e) {
                err.println("lockstep io cat: " + e.getMessage());
                err.flush();
                return FAILED;
            } catch (UncheckedIOException e) {
                err.println("lockstep io cat: cannot write to standard output: "
                        + e.getCause().getMessage());
                err.flush();
                return FAILED;
            }
        }
    }

    /** Chunk size of {@link #cat}. */
    static final int CAT_CHUNK = 64 * 1024;

    /**
     * Copies {@code file} to {@code out} chunk by chunk in a task of a fresh runtime (the file is
     * never whole in memory).
     *
     * @throws IoException when the file cannot be opened or read (the message names it)
     */
    static void cat(Path file, BackendKind backend, OutputStream out) {
        IoRuntime rt = IoRuntime.builder().name("io-cat").backend(backend).build();
        RuntimeException[] failure = new RuntimeException[1];
        rt.spawn(r -> {
            try (IoFile f = IoFile.open(file)) {
                byte[] buf = new byte[CAT_CHUNK];
                long pos = 0;
                int n;
                while ((n = f.read(buf, 0, buf.length, pos)) > 0) {
                    out.write(buf, 0, n);
                    pos += n;
                }
                out.flush();
            } catch (IOException e) {
                failure[0] = new UncheckedIOException(e);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        rt.run();
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}
