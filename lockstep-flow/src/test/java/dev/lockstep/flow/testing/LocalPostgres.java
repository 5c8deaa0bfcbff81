package dev.lockstep.flow.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL server on loopback for integration tests: {@code initdb} into a temporary
 * directory, {@code pg_ctl start} on a free port with trust authentication, and {@code pg_ctl stop}
 * (fast) on close. It looks for the binaries on the PATH and under /usr/lib/postgresql/VERSION/bin;
 * when run as root it runs them as the {@code postgres} user (PostgreSQL refuses root). {@link
 * #unavailable()} says why a server cannot be started here (no binaries, no postgres user), which
 * the tests use as their skip reason.
 */
public final class LocalPostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Path bin;
    private final boolean asPostgres;

    private LocalPostgres(Path dir, int port, Path bin, boolean asPostgres) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
        this.asPostgres = asPostgres;
    }

    /** Why a server cannot run here, or null when it can. */
    public static String unavailable() {
        if (binDir() == null) {
            return "PostgreSQL is not installed (no initdb on the PATH or under /usr/lib/postgresql/*/bin);"
                    + " .ci/run installs the Debian package";
        }
        if (root() && !Files.exists(Path.of("/usr/sbin/runuser"))) {
            return "running as root without runuser, and PostgreSQL refuses to run as root";
        }
        return null;
    }

    public static LocalPostgres start() throws IOException, InterruptedException {
        Path bin = binDir();
        boolean asPostgres = root();
        Path dir = Files.createTempDirectory("lockstep-pg");
        if (asPostgres) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false, null);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LocalPostgres pg = new LocalPostgres(dir, port, bin, asPostgres);
        run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-A",
                        "trust",
                        "-U",
                        "flow",
                        "--no-sync",
                        "-E",
                        "UTF8"),
                asPostgres,
                dir);
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-w",
                        "-l",
                        dir.resolve("log").toString(),
                        "-o",
                        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                        "start"),
                asPostgres,
                dir);
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "flow";
    }

    /** Creates an empty database {@code name} (a plain identifier) and returns its JDBC URL. */
    public String createDatabase(String name) throws java.sql.SQLException {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name '" + name + "' is not a plain lowercase identifier");
        }
        try (var c = java.sql.DriverManager.getConnection(jdbcUrl(), user(), "");
                var s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-m",
                        "fast",
                        "-w",
                        "stop"),
                asPostgres,
                dir);
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private static void run(List<String> cmd, boolean asPostgres, Path dir) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binDir() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d).resolve("initdb");
            if (!d.isEmpty() && Files.isExecutable(p)) {
                try {
                    return p.toRealPath().getParent();
                } catch (IOException e) {
                    return Path.of(d);
                }
            }
        }
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (var versions = Files.list(base)) {
                for (Path v :
                        versions.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (Files.isExecutable(v.resolve("bin/initdb"))) {
                        return v.resolve("bin");
                    }
                }
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }
}
