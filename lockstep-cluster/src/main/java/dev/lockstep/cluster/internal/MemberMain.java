package dev.lockstep.cluster.internal;

import dev.lockstep.cluster.ClusterConfig;
import dev.lockstep.cluster.ClusterMember;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The main class of a member process started by {@code MemberProcess}: starts one member from its
 * arguments, prints one line {@code lockstep-member started <uuid> <host:port> <members>} on
 * standard output once it has joined, and runs until standard input reaches its end (the parent
 * went away: a member process never outlives the JVM that launched it) or the JVM is asked to stop
 * (SIGTERM: the member shuts down gracefully).
 *
 * <p>Arguments: {@code cluster bindAddress portBase portCount failureTimeoutMillis member...}, as
 * {@link #arguments} writes them. A bad argument prints the error on standard error and exits 2.
 */
public final class MemberMain {
    /** The first word of the line printed once the member has joined. */
    public static final String STARTED = "lockstep-member started";

    private MemberMain() {}

    /** The arguments that start a member of {@code config}. */
    public static List<String> arguments(ClusterConfig config) {
        List<String> out = new ArrayList<>(List.of(
                config.clusterName(),
                config.bindAddress(),
                Integer.toString(config.portBase()),
                Integer.toString(config.portCount()),
                Long.toString(config.failureTimeout().toMillis())));
        out.addAll(config.members());
        return out;
    }

    static ClusterConfig parse(String[] args) {
        if (args.length < 6) {
            throw new IllegalArgumentException("expected: cluster bindAddress portBase portCount failureTimeoutMillis"
                    + " member..., got " + Arrays.toString(args));
        }
        return new ClusterConfig(
                args[0],
                args[1],
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]),
                List.of(Arrays.copyOfRange(args, 5, args.length)),
                false,
                Duration.ofMillis(Long.parseLong(args[4])));
    }

    public static void main(String[] args) throws InterruptedException {
        ClusterConfig config;
        try {
            config = parse(args);
        } catch (RuntimeException e) {
            System.err.println("lockstep-member: " + e.getMessage());
            System.exit(2);
            return;
        }
        ClusterMember member = ClusterMember.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            member.close();
            stopped.countDown();
        }));
        var self = member.localMember();
        System.out.println(
                STARTED + " " + self.getUuid() + " " + self.getAddress().getHost() + ":"
                        + self.getAddress().getPort() + " " + member.members().size());
        System.out.flush();
        Thread watcher = Thread.ofPlatform()
                .daemon()
                .name("lockstep-member-stdin")
                .start(() -> {
                    try (InputStream in = System.in) {
                        while (in.read() >= 0) {
                            // the parent writes nothing; end of input means it is gone
                        }
                    } catch (IOException ignored) {
                        // a broken pipe is the same news as end of input
                    }
                    System.exit(0); // runs the shutdown hook
                });
        stopped.await();
        watcher.interrupt();
    }
}
