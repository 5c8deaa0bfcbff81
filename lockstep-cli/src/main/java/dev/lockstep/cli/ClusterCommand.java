package dev.lockstep.cli;

import dev.lockstep.cluster.ClusterConfig;
import dev.lockstep.cluster.ClusterConfigException;
import dev.lockstep.cluster.ClusterMember;
import dev.lockstep.cluster.ClusterStartException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep cluster}: lockstep-cluster from the command line (guide: docs/cluster.md, "CLI").
 * {@code member} runs one member in this process until SIGINT or SIGTERM; {@code submit} joins the
 * cluster, runs a Monte-Carlo pi job on it through {@code DistributedEngine} and prints the estimate
 * ({@link ClusterSubmitCommand}). Both take the cluster options of {@link ClusterOptions}; a bad value
 * is a usage error (exit 2) naming the option and quoting {@link ClusterConfigException}'s message.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "lockstep-cluster: run a member, or submit a Monte-Carlo pi job to a cluster.",
        subcommands = {ClusterCommand.MemberCommand.class, ClusterSubmitCommand.class})
final class ClusterCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Exit code of a command that could not do its job (the message says why). */
    static final int FAILED = 1;

    /** The options that say which cluster to join and how (a mixin); defaults are {@link ClusterConfig#loopback}'s. */
    static final class ClusterOptions {
        @Option(
                names = "--cluster",
                paramLabel = "NAME",
                description = "Cluster name; members of other names never join (default ${DEFAULT-VALUE}).")
        String cluster = "lockstep";

        @Option(
                names = "--bind",
                paramLabel = "ADDR",
                description = "Address this member binds to (default ${DEFAULT-VALUE}).")
        String bind = "127.0.0.1";

        @Option(
                names = "--port-base",
                paramLabel = "N",
                description = "First port of the range a member takes a port from (default ${DEFAULT-VALUE}).")
        int portBase = ClusterConfig.DEFAULT_PORT_BASE;

        @Option(
                names = "--port-count",
                paramLabel = "N",
                description = "Ports in the range (default ${DEFAULT-VALUE}).")
        int portCount = ClusterConfig.DEFAULT_PORT_COUNT;

        @Option(
                names = "--member",
                paramLabel = "HOST[:PORT]",
                description = "A member to contact (repeatable); a bare host stands for every port of the range"
                        + " (default: the bind address).")
        List<String> members = new ArrayList<>();

        @Option(
                names = "--failure-timeout",
                paramLabel = "DURATION",
                converter = DurationConverter.class,
                description = "Silence after which a member is removed, e.g. 10s, 500ms, PT1M (default 10s).")
        Duration failureTimeout = ClusterConfig.DEFAULT_FAILURE_TIMEOUT;

        /**
         * The configuration these options describe.
         *
         * @throws ParameterException (exit 2) naming the option of a setting {@link ClusterConfig} rejects
         */
        ClusterConfig config(CommandLine cmd, boolean lite) {
            try {
                return new ClusterConfig(
                        cluster,
                        bind,
                        portBase,
                        portCount,
                        members.isEmpty() ? List.of(bind == null ? "" : bind) : members,
                        lite,
                        failureTimeout);
            } catch (ClusterConfigException e) {
                throw new ParameterException(cmd, optionOf(e.getMessage()) + ": " + e.getMessage(), e);
            }
        }
    }

    private static final Pattern SETTING = Pattern.compile("^ClusterConfig\\.(\\w+)");

    /** The option behind the setting a {@link ClusterConfigException} message starts with. */
    static String optionOf(String message) {
        Matcher m = SETTING.matcher(message == null ? "" : message);
        String setting = m.find() ? m.group(1) : "";
        return switch (setting) {
            case "clusterName" -> "--cluster";
            case "bindAddress" -> "--bind";
            case "portBase" -> "--port-base";
            case "portCount" -> "--port-count";
            case "members" -> "--member";
            case "failureTimeout" -> "--failure-timeout";
            default -> "cluster options";
        };
    }

    /**
     * A duration: a number with a unit ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}) or ISO-8601
     * ({@code PT10S}).
     */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            Matcher m = SIMPLE.matcher(v);
            if (m.matches()) {
                long n;
                try {
                    n = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is too large");
                }
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            try {
                return Duration.parse(value.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration (expected e.g. 500ms, 10s, 2m, 1h or PT10S)");
            }
        }
    }

    /** The one line saying where a member stands: {@code NAME as HOST:PORT (N members)}. */
    static String describe(ClusterMember member) {
        var self = member.localMember();
        int n = member.members().size();
        return "cluster " + member.config().clusterName() + " as "
                + self.getAddress().getHost() + ":" + self.getAddress().getPort() + " (" + n
                + (n == 1 ? " member" : " members") + ")";
    }

    /** Starts a member, or prints why it cannot start and returns null. */
    static ClusterMember start(ClusterConfig config, CommandLine cmd, String command) {
        try {
            return ClusterMember.start(config);
        } catch (ClusterStartException e) {
            cmd.getErr().println("lockstep cluster " + command + ": " + e.getMessage());
            cmd.getErr().flush();
            return null;
        }
    }

    @Command(
            name = "member",
            mixinStandardHelpOptions = true,
            description = {
                "Starts a cluster member in this process, prints the line `lockstep cluster member: joined"
                        + " cluster NAME as HOST:PORT (N members)`, and runs tasks until SIGINT or SIGTERM,"
                        + " which leave the cluster gracefully."
            })
    static final class MemberCommand implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ClusterOptions options;

        @Override
        public Integer call() {
            CommandLine cmd = spec.commandLine();
            ClusterConfig config = options.config(cmd, false);
            ClusterMember member = start(config, cmd, "member");
            if (member == null) {
                return FAILED;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                member.close();
                                cmd.getErr().println("lockstep cluster member: left cluster " + config.clusterName());
                                cmd.getErr().flush();
                                stopped.countDown();
                            },
                            "lockstep-cluster-member-stop"));
            // Tests and scripts read this line: keep its shape.
            cmd.getOut().println("lockstep cluster member: joined " + describe(member));
            cmd.getOut().flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }
}
