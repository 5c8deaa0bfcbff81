package dev.lockstep.cli;

import dev.lockstep.cli.app.ExampleApp;
import dev.lockstep.flow.config.ConfigReader;
import dev.lockstep.flow.config.FlowConfig;
import dev.lockstep.flow.server.FlowServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockstep serve}: the lockstep-flow example application (see docs/flow.md). */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the lockstep-flow example application (a todo list and a blog: JSON APIs and HTML"
                    + " pages, on embedded SQLite) on 127.0.0.1:8080; Ctrl-C or SIGTERM stops it gracefully."
                    + " With a cluster section in the configuration it joins that cluster and keeps the"
                    + " blog's posts cache there, shared by every instance."
        })
final class ServeCommand implements Runnable {
    @Option(names = "--config", paramLabel = "FILE", description = "A JSON or YAML configuration file.")
    Path config;

    @Option(names = "--port", paramLabel = "P", description = "Port (overrides the configuration; default 8080).")
    Integer port;

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "SQLite file (default lockstep-flow.db in the working directory).")
    Path db;

    @Override
    public void run() {
        FlowConfig c = config == null ? FlowConfig.DEFAULTS : ConfigReader.read(config);
        FlowConfig.Server s = c.server();
        if (port != null) {
            s = new FlowConfig.Server(
                    s.host(),
                    port,
                    s.threads(),
                    s.maxRequestLine(),
                    s.maxHeaderBytes(),
                    s.maxHeaders(),
                    s.maxBody(),
                    s.readTimeout(),
                    s.idleTimeout(),
                    s.shutdownDeadline());
        }
        FlowConfig.Database d = c.database();
        if (db != null) {
            d = new FlowConfig.Database("jdbc:sqlite:" + db, d.user(), d.password(), d.poolSize());
        }
        FlowConfig effective = new FlowConfig(s, c.pools(), d, c.observability(), c.cluster());
        ExampleApp.Serving app = ExampleApp.serve(effective);
        FlowServer server = app.server();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int cut = app.shutdown(effective.server().shutdownDeadline());
            System.err.println("lockstep serve: stopped" + (cut > 0 ? " (" + cut + " requests cut off)" : ""));
            stopped.countDown();
        }));
        System.out.println("lockstep serve: listening on http://" + s.host() + ":" + server.port()
                + "/  (todo API /api/todos, blog API /api/posts, blog pages /blog; database " + d.url()
                + ", feed " + ExampleApp.feedDir(d)
                + (app.cluster() == null ? "" : ", posts cache on cluster " + app.cluster()) + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
