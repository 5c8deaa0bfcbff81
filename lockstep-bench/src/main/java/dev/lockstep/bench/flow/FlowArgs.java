package dev.lockstep.bench.flow;

import java.nio.file.Path;

/**
 * The command line every flow-suite server takes, ours and the peers alike: {@code --port P}
 * ({@code 0}: any free port; the server prints {@code listening on HOST:PORT}), {@code
 * --backend-port B} (the {@link FlowBackend} that {@code /need3} calls) and {@code --db FILE} (the
 * SQLite file {@code /sqlite} reads, seeded by {@link Items#seed}).
 *
 * @param port the port to listen on, 0 for any
 * @param backendPort the backend's port on 127.0.0.1
 * @param db the SQLite file
 */
public record FlowArgs(int port, int backendPort, Path db) {
    /**
     * Parses {@code --port P --backend-port B --db FILE} (any order; {@code --port} defaults to 0,
     * the other two are required).
     *
     * @throws IllegalArgumentException naming the option that is missing, unknown or not a number
     */
    public static FlowArgs parse(String... args) {
        int port = 0;
        int backend = -1;
        Path db = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> port = port(option, value);
                case "--backend-port" -> backend = port(option, value);
                case "--db" -> db = Path.of(value);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + option + " (expected --port, --backend-port, --db)");
            }
        }
        if (backend < 0) {
            throw new IllegalArgumentException("--backend-port is required");
        }
        if (db == null) {
            throw new IllegalArgumentException("--db is required");
        }
        return new FlowArgs(port, backend, db);
    }

    /** The arguments that give these values back to {@link #parse}. */
    public java.util.List<String> toArgs() {
        return java.util.List.of(
                "--port",
                Integer.toString(port),
                "--backend-port",
                Integer.toString(backendPort),
                "--db",
                db.toString());
    }

    private static int port(String option, String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException(option + " must be a port (0-65535), not " + value);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port (0-65535), not '" + value + "'", e);
        }
    }
}
