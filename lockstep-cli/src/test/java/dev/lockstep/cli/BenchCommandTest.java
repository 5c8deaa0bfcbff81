package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.Lockstep;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lockstep bench}: argument forwarding, the child's command line, a missing build. */
class BenchCommandTest {
    @TempDir
    Path home;

    private Path builtBench() throws Exception {
        Path target = home.resolve("lockstep-bench/target");
        Files.createDirectories(target.resolve("classes/META-INF"));
        Files.writeString(target.resolve("classes/META-INF/BenchmarkList"), "");
        Files.writeString(target.resolve("classpath.txt"), "/m2/jmh.jar" + File.pathSeparator + "/m2/xchart.jar\n");
        return target;
    }

    @Test
    void everyArgumentIsForwardedInOrder() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench)
                .parseArgs("core", "--quick", "--json", "out.json", "--plot", "out.png", "--filter", "Mpmc", "--help");
        assertThat(bench.args)
                .containsExactly(
                        "core", "--quick", "--json", "out.json", "--plot", "out.png", "--filter", "Mpmc", "--help");
    }

    @Test
    void childRunsBenchMainOnTheBenchClasspathWithTheRuntimeFlags() throws Exception {
        Path target = builtBench();
        Path jdk = Path.of("/opt/jdk25");
        List<String> command = BenchCommand.command(home, jdk, List.of("core", "--quick"));
        assertThat(command.getFirst()).isEqualTo(jdk.resolve("bin/java").toString());
        assertThat(command).containsSubsequence(List.of(Lockstep.JVM_FLAGS.split(" ")));
        assertThat(command).contains("-Djava.awt.headless=true", "-Dlockstep.home=" + home);
        int cp = command.indexOf("-cp");
        assertThat(command.get(cp + 1))
                .isEqualTo(target.resolve("classes") + File.pathSeparator + "/m2/jmh.jar" + File.pathSeparator
                        + "/m2/xchart.jar");
        assertThat(command.subList(cp + 2, command.size()))
                .containsExactly("dev.lockstep.bench.BenchMain", "core", "--quick");
    }

    @Test
    void missingClasspathFileIsNamed() {
        assertThatThrownBy(() -> BenchCommand.command(home, Path.of("/jdk"), List.of("core")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        home.resolve("lockstep-bench/target/classpath.txt").toString())
                .hasMessageContaining("is missing")
                .hasMessageContaining("bin/lockstep");
    }

    @Test
    void classesWithoutJmhListAreNamed() throws Exception {
        Path target = builtBench();
        Files.delete(target.resolve("classes/META-INF/BenchmarkList"));
        assertThatThrownBy(() -> BenchCommand.command(home, Path.of("/jdk"), List.of("core")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("META-INF/BenchmarkList");
    }

    @Test
    void benchWithoutABuiltBenchModuleFailsWithTheReason() {
        String previous = System.getProperty("lockstep.home");
        System.setProperty("lockstep.home", home.toString());
        try {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.newCommandLine();
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute("bench", "core", "--quick")).isEqualTo(BenchCommand.CANNOT_START);
            assertThat(err.toString()).contains("lockstep bench:", "classpath.txt is missing");
        } finally {
            if (previous == null) {
                System.clearProperty("lockstep.home");
            } else {
                System.setProperty("lockstep.home", previous);
            }
        }
    }

    @Test
    void benchOutsideTheLauncherSaysSo() {
        String previous = System.getProperty("lockstep.home");
        System.clearProperty("lockstep.home");
        try {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.newCommandLine();
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute("bench", "core")).isEqualTo(BenchCommand.CANNOT_START);
            assertThat(err.toString()).contains("lockstep.home is not set", "bin/lockstep");
        } finally {
            if (previous != null) {
                System.setProperty("lockstep.home", previous);
            }
        }
    }
}
