package dev.lockstep.cluster;

import dev.lockstep.cluster.internal.MemberMain;
import dev.lockstep.core.Lockstep;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member in a child JVM on this machine: for tests that kill or freeze a member, for
 * benchmarks, and for commands that start members of their own. {@link #start} launches the same
 * {@code java} as this JVM with this JVM's class path (so tasks' classes are there) and Lockstep's
 * JVM flags, and returns once the member has joined its cluster.
 *
 * <p>The child watches its standard input and stops when it ends, so a member process never
 * outlives the JVM that started it, even when that JVM is killed. Its standard output after the
 * start line is discarded; its standard error goes to a temporary file ({@link #errorLog()}), whose
 * tail a failed start quotes.
 *
 * <p>Failure injection: {@link #kill()} (SIGKILL: gone at once, nothing sent), {@link #suspend()}
 * and {@link #resume()} (SIGSTOP and SIGCONT: the member is frozen, to the others it is cut off:
 * no heartbeats, no answers). {@link #close()} stops it gracefully (SIGTERM) and waits.
 */
public final class MemberProcess implements AutoCloseable {
    private final Process process;
    private final UUID uuid;
    private final String address;
    private final Path errorLog;

    private MemberProcess(Process process, UUID uuid, String address, Path errorLog) {
        this.process = process;
        this.uuid = uuid;
        this.address = address;
        this.errorLog = errorLog;
    }

    /** Starts a member of {@code config} in a child JVM with this JVM's class path. */
    public static MemberProcess start(ClusterConfig config) {
        return start(config, List.of("-Xmx512m"));
    }

    /** Starts a member of {@code config} in a child JVM with extra JVM arguments. */
    public static MemberProcess start(ClusterConfig config, List<String> jvmArgs) {
        if (config.liteMember()) {
            throw new ClusterConfigException("MemberProcess: " + config + " is a lite member; a member process"
                    + " runs tasks and owns partitions, so it is always a full member");
        }
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(Arrays.asList(Lockstep.JVM_FLAGS.split(" ")));
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MemberMain.class.getName());
        command.addAll(MemberMain.arguments(config));
        Path errors;
        Process p;
        try {
            errors = Files.createTempFile("lockstep-member-", ".err");
            p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new ClusterStartException(
                    "cannot launch a member process of cluster " + config.clusterName() + ": " + e.getMessage(), e);
        }
        return awaitStarted(config, p, errors);
    }

    private static MemberProcess awaitStarted(ClusterConfig config, Process p, Path errors) {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(MemberMain.STARTED + " ")) {
                    String[] parts =
                            line.substring(MemberMain.STARTED.length() + 1).split(" ");
                    drain(p, out);
                    return new MemberProcess(p, UUID.fromString(parts[0]), parts[1], errors);
                }
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new ClusterStartException(
                    "member process of cluster " + config.clusterName() + " could not be read: " + e.getMessage(), e);
        }
        waitQuietly(p);
        throw new ClusterStartException("member process of cluster " + config.clusterName() + " (" + config
                + ") exited with " + p.exitValue() + " before joining; its standard error ends with: "
                + tail(errors));
    }

    private static void drain(Process p, BufferedReader out) {
        Thread.ofPlatform().daemon().name("lockstep-member-out-" + p.pid()).start(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded: a member prints nothing of interest after its start line
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
    }

    private static String javaCommand() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The member's UUID, as the cluster knows it. */
    public UUID uuid() {
        return uuid;
    }

    /** The member's {@code host:port}. */
    public String address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file the member's standard error goes to. */
    public Path errorLog() {
        return errorLog;
    }

    /** SIGKILL: the member is gone at once, without a word to the others; returns once it exited. */
    public void kill() {
        process.destroyForcibly();
        waitQuietly(process);
    }

    /** SIGSTOP: the member freezes; the others hear nothing from it (as if cut off). */
    public void suspend() {
        signal("STOP");
    }

    /** SIGCONT: a suspended member runs again. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException(
                        "kill -" + name + " " + process.pid() + " exited with " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + name + " to member process " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + name + " to " + process.pid(), e);
        }
    }

    /** Stops the member gracefully (SIGTERM; a suspended one is resumed first), waits, then kills if needed. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                resume();
            } catch (IllegalStateException ignored) {
                // it may have exited in between
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(errorLog);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    private static void waitQuietly(Process p) {
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "MemberProcess[pid " + process.pid() + ", " + address + ", " + uuid + "]";
    }
}
