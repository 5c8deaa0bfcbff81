package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.cluster.ClusterConfig;
import dev.lockstep.cluster.MonteCarloPi;
import dev.lockstep.core.Lockstep;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code lockstep cluster member} as a child process and {@code cluster submit} in this JVM, on a
 * loopback cluster with a unique name and free ports per test (tests never join each other).
 */
@Timeout(120)
class ClusterCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** {@code --cluster NAME --port-base P --port-count N}: a unique cluster on free loopback ports. */
    private static List<String> freshCluster(int ports) {
        return List.of(
                "--cluster",
                "lockstep-cli-test-" + UUID.randomUUID(),
                "--port-base",
                Integer.toString(
                        ClusterConfig.loopbackOnFreePorts("ports", ports).portBase()),
                "--port-count",
                Integer.toString(ports));
    }

    /** {@code cluster submit} with the cluster options, then {@code rest}. */
    private static String[] submit(List<String> cluster, String... rest) {
        List<String> all = new ArrayList<>(List.of("cluster", "submit"));
        all.addAll(cluster);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** The job's hits as MonteCarloPi computes them here, slice by slice. */
    private static long localHits(long seed, int tasks, long samples) {
        long hits = 0;
        for (MonteCarloPi.Slice s : MonteCarloPi.slices(seed, tasks, samples)) {
            hits += s.call();
        }
        return hits;
    }

    private static long printed(String output, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + " +(\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static double printedPi(String output) {
        Matcher m = Pattern.compile("(?m)^pi +(\\d+\\.\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aLiteSubmitRunsTheJobOnAMemberProcessStartedByTheCli() throws Exception {
        List<String> cluster = freshCluster(3);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(Lockstep.JVM_FLAGS.split(" ")));
        cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of("cluster", "member"));
        cmd.addAll(cluster);
        Path memberErr = dir.resolve("member.err");
        Process member =
                new ProcessBuilder(cmd).redirectError(memberErr.toFile()).start();
        try {
            BufferedReader memberOut =
                    new BufferedReader(new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8));
            String joined = memberOut.readLine();
            assertThat(joined)
                    .as(Files.readString(memberErr))
                    .matches("lockstep cluster member: joined cluster " + Pattern.quote(cluster.get(1))
                            + " as 127\\.0\\.0\\.1:" + cluster.get(3) + " \\(1 member\\)");

            int code = run(submit(
                    cluster,
                    "--tasks",
                    "200",
                    "--samples-per-task",
                    "20000",
                    "--seed",
                    "7",
                    "--lite",
                    "--wait",
                    "30s"));
            String o = out.toString();
            assertThat(code).as(o + err).isZero();
            assertThat(printed(o, "hits")).isEqualTo(localHits(7, 200, 20_000));
            assertThat(printedPi(o)).isCloseTo(Math.PI, org.assertj.core.data.Offset.offset(0.05));
            assertThat(printed(o, "samples")).isEqualTo(200L * 20_000);
            assertThat(o).contains("members   1 running tasks, 2 in cluster " + cluster.get(1) + " (this one lite)");
            assertThat(o).containsPattern("(?m)^elapsed +\\d+\\.\\d{3} s");

            member.destroy(); // SIGTERM: the member leaves gracefully
            assertThat(member.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(member.exitValue()).isEqualTo(128 + 15);
            assertThat(Files.readString(memberErr)).contains("lockstep cluster member: left cluster " + cluster.get(1));
        } finally {
            member.destroyForcibly();
        }
    }

    @Test
    void aSubmitAloneIsAFullMemberAndRunsTheJobItself() {
        List<String> cluster = freshCluster(1);
        int code = run(submit(cluster, "--tasks", "16", "--samples-per-task", "1000", "--seed", "3"));
        String o = out.toString();
        assertThat(code).as(o + err).isZero();
        assertThat(printed(o, "hits")).isEqualTo(localHits(3, 16, 1_000));
        assertThat(o).contains("members   1 running tasks, 1 in cluster " + cluster.get(1) + " (this one included)");
    }

    @Test
    void aLiteSubmitWithNoFullMemberFailsInsteadOfWaitingForever() {
        List<String> cluster = freshCluster(1);
        int code = run(submit(cluster, "--tasks", "4", "--lite", "--wait", "200ms"));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("--lite: no full member of cluster " + cluster.get(1) + " joined within 200 ms")
                .contains("lockstep cluster member");
        assertThat(out.toString()).doesNotContain("pi ");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "submit --tasks 0 | --tasks must be 1 or more, not 0",
                "submit --tasks -3 | --tasks must be 1 or more, not -3",
                "submit --tasks 2 --samples-per-task 0 | --samples-per-task must be 1 or more, not 0",
                "submit --tasks 2 --port-base 70000 | --port-base: ClusterConfig.portBase: 70000 is not a port",
                "member --port-base 70000 | --port-base: ClusterConfig.portBase: 70000 is not a port",
                "member --port-count 0 | --port-count: ClusterConfig.portCount: 0 is outside 1..100",
                "submit --tasks 2 --member host:notaport | --member: ClusterConfig.members[0]: \"host:notaport\" has port",
                "member --member 127.0.0.1 --member host:99999 | --member: ClusterConfig.members[1]",
                "member --cluster ' ' | --cluster: ClusterConfig.clusterName",
                "member --failure-timeout 200ms | --failure-timeout: ClusterConfig.failureTimeout: PT0.2S is too short",
                "member --failure-timeout soon | --failure-timeout",
                "submit --tasks 2 --wait never | --wait",
                "submit --tasks two | --tasks",
            })
    void badOptionsAreUsageErrorsNamingTheOption(String command, String message) {
        List<String> argv = new ArrayList<>(List.of("cluster"));
        argv.addAll(splitKeepingQuotes(command));
        assertThat(run(argv.toArray(String[]::new))).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message.strip());
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"10s, 10000", "500ms, 500", "2m, 120000", "1h, 3600000", "PT1.5S, 1500", "pt3s, 3000"})
    void durationsTakeAUnitOrIso8601(String text, long millis) {
        assertThat(new ClusterCommand.DurationConverter().convert(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void aDurationWithoutAUnitIsRefused() {
        assertThatThrownBy(() -> new ClusterCommand.DurationConverter().convert("10"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'10' is not a duration");
    }

    @Test
    void everySettingMapsToItsOption() {
        assertThat(ClusterCommand.optionOf("ClusterConfig.members[3]: bad")).isEqualTo("--member");
        assertThat(ClusterCommand.optionOf("ClusterConfig.bindAddress: bad")).isEqualTo("--bind");
        assertThat(ClusterCommand.optionOf("ClusterConfig.portCount: bad")).isEqualTo("--port-count");
        assertThat(ClusterCommand.optionOf("something else")).isEqualTo("cluster options");
    }

    /** Splits on spaces; a single-quoted part stays one argument (without its quotes). */
    private static List<String> splitKeepingQuotes(String command) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(command.strip());
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }
}
