package dev.lockstep.flow.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The server's configuration: server, pools, database, observability and, optionally, a cluster.
 * Read from a JSON or YAML file by {@link ConfigReader}, which checks every key and value and names
 * the offending key in its error ({@code server.port: must be from 1 to 65535, got 70000}). Every
 * field has a default, so an empty file is a valid configuration; {@code cluster} is null unless
 * the file has a {@code cluster} section.
 */
public record FlowConfig(Server server, Pools pools, Database database, Observability observability, Cluster cluster) {
    public static final FlowConfig DEFAULTS =
            new FlowConfig(Server.DEFAULTS, Pools.DEFAULTS, Database.DEFAULTS, Observability.DEFAULTS);

    /** Without a cluster. */
    public FlowConfig(Server server, Pools pools, Database database, Observability observability) {
        this(server, pools, database, observability, null);
    }

    /** Whether a cluster is configured ({@link #cluster()} is not null). */
    public boolean clustered() {
        return cluster != null;
    }

    /** This configuration with {@code cluster} (null: none). */
    public FlowConfig withCluster(Cluster cluster) {
        return new FlowConfig(server, pools, database, observability, cluster);
    }

    /**
     * @param host address to bind
     * @param port TCP port (0: any free port)
     * @param threads I/O runtimes (one per thread); 0 means lockstep-io's AUTO choice
     * @param maxRequestLine bytes of the request line
     * @param maxHeaderBytes bytes of all header lines
     * @param maxHeaders number of header fields
     * @param maxBody bytes of a request body
     * @param readTimeout how long a started request may take to arrive
     * @param idleTimeout how long a kept-alive connection may stay silent
     * @param shutdownDeadline how long a graceful shutdown waits for in-flight requests
     */
    public record Server(
            String host,
            int port,
            int threads,
            int maxRequestLine,
            int maxHeaderBytes,
            int maxHeaders,
            long maxBody,
            Duration readTimeout,
            Duration idleTimeout,
            Duration shutdownDeadline,
            String backend) {
        /** The backends {@code backend} may name: lockstep-io's AUTO (io_uring, else NIO), IO_URING, NIO. */
        public static final java.util.List<String> BACKENDS = java.util.List.of("auto", "io_uring", "nio");

        public static final Server DEFAULTS = new Server(
                "127.0.0.1",
                8080,
                0,
                8192,
                16384,
                100,
                1 << 20,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                "auto");

        public Server {
            backend = backend == null ? "auto" : backend;
            if (!BACKENDS.contains(backend)) {
                throw new IllegalArgumentException("server.backend must be one of " + BACKENDS + ", got " + backend);
            }
        }

        /** Without {@code backend}: lockstep-io's AUTO. */
        public Server(
                String host,
                int port,
                int threads,
                int maxRequestLine,
                int maxHeaderBytes,
                int maxHeaders,
                long maxBody,
                Duration readTimeout,
                Duration idleTimeout,
                Duration shutdownDeadline) {
            this(
                    host,
                    port,
                    threads,
                    maxRequestLine,
                    maxHeaderBytes,
                    maxHeaders,
                    maxBody,
                    readTimeout,
                    idleTimeout,
                    shutdownDeadline,
                    "auto");
        }
    }

    /**
     * @param computeWorkers lockstep-core engine workers for compute effects (0: cores)
     * @param effectQueue bound of the effect queue (a full queue fails the effect with 429)
     * @param continuationQueue bound of the continuation queue (a full queue fails the request with 429)
     * @param perTargetInFlight in-flight effects per target (host, table, cache)
     * @param shedAfter queueing delay after which new requests get 503 with Retry-After
     * @param computeQueue compute tasks waiting for their engine (a full queue fails the effect with 429)
     */
    public record Pools(
            int computeWorkers,
            int effectQueue,
            int continuationQueue,
            int perTargetInFlight,
            Duration shedAfter,
            int computeQueue) {
        public static final Pools DEFAULTS = new Pools(0, 4096, 4096, 64, Duration.ofMillis(500), 4096);

        /** Pools with the default compute queue (4096). */
        public Pools(
                int computeWorkers, int effectQueue, int continuationQueue, int perTargetInFlight, Duration shedAfter) {
            this(computeWorkers, effectQueue, continuationQueue, perTargetInFlight, shedAfter, 4096);
        }
    }

    /**
     * @param url JDBC URL; the default is an embedded SQLite file
     * @param user user name (PostgreSQL), or empty
     * @param password password, or empty
     * @param poolSize connections
     */
    public record Database(String url, String user, String password, int poolSize) {
        public static final Database DEFAULTS = new Database("jdbc:sqlite:" + Path.of("lockstep-flow.db"), "", "", 4);

        public boolean postgres() {
            return url.startsWith("jdbc:postgresql:");
        }
    }

    /**
     * @param trace record trace events
     * @param debugHeader answer with a trace response header (debug mode)
     * @param otlpEndpoint OpenTelemetry collector URL, or empty for none
     * @param serviceName the service name in exported traces
     */
    public record Observability(boolean trace, boolean debugHeader, String otlpEndpoint, String serviceName) {
        public static final Observability DEFAULTS = new Observability(true, false, "", "lockstep-flow");
    }

    /**
     * A cluster for the application to join, as plain data: lockstep-flow does not depend on
     * lockstep-cluster, the application turns this into its cluster configuration (the example
     * application of {@code lockstep serve} starts a member and keeps its {@code posts} cache on
     * the cluster). {@link ConfigReader} checks the forms and ranges; the application may check
     * more (a member's {@code host:port}), naming the same keys.
     *
     * @param name the cluster's name (members of different names never join)
     * @param bindAddress the address this member binds to
     * @param portBase the first port a member tries
     * @param portCount how many ports from {@code portBase} a member tries (1 to 100)
     * @param members addresses of members to contact, {@code host} (every port of the range) or
     *     {@code host:port}
     */
    public record Cluster(String name, String bindAddress, int portBase, int portCount, List<String> members) {
        public static final Cluster DEFAULTS = new Cluster("lockstep-flow", "127.0.0.1", 5701, 3, List.of("127.0.0.1"));

        public Cluster {
            members = List.copyOf(members);
        }
    }
}
