package dev.lockstep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.bench.fixtureaot.AotTraining;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOT cold run's logic without running it: classpath, commands, plan, settings, names. */
class AotCacheTest {
    @TempDir
    Path dir;

    @Test
    void directoriesArePackedAndManifestOnlyJarsExpanded() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/a/b"));
        Files.writeString(classes.resolve("C.class"), "not really a class");
        Path plain = jar(dir.resolve("plain.jar"), null, "x/Y.class");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("r.txt"), "r");
        Path booter = jar(dir.resolve("booter.jar"), "classes/ other/ plain.jar", null);
        Path work = dir.resolve("work");

        List<String> cp = AotCache.jarsOnly(
                List.of(
                        booter.toString(),
                        plain.toString(),
                        dir.resolve("missing").toString(),
                        ""),
                work);

        assertThat(cp).hasSize(4).allSatisfy(e -> assertThat(Path.of(e)).isRegularFile());
        assertThat(cp).noneMatch(e -> e.equals(booter.toString())); // replaced by its Class-Path
        assertThat(cp.get(2)).isEqualTo(plain.toString());
        assertThat(cp.get(3)).isEqualTo(plain.toString()); // listed twice, as given
        try (JarFile j = new JarFile(cp.get(0))) {
            assertThat(j.getEntry("a/b/C.class")).isNotNull();
        }
        try (JarFile j = new JarFile(cp.get(1))) {
            assertThat(j.getEntry("r.txt")).isNotNull();
        }
    }

    @Test
    void aJarWithClassesAndAClassPathIsKept() throws Exception {
        Path both = jar(dir.resolve("both.jar"), "elsewhere/", "x/Y.class");
        assertThat(AotCache.jarsOnly(List.of(both.toString()), dir.resolve("work")))
                .containsExactly(both.toString());
    }

    @Test
    void theTrainingRunsTheForksFlagsWithTheCacheToWrite() {
        List<String> command = AotCache.trainingCommand(
                "/jdk/bin/java",
                List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:AOTCache=/old.aot", "-Dx=1"),
                Path.of("/w/T.aot"),
                "/w/a.jar:/w/b.jar",
                AotTraining.class);
        assertThat(command)
                .containsExactly(
                        "/jdk/bin/java",
                        "--add-exports",
                        "java.base/jdk.internal.vm=ALL-UNNAMED",
                        "-Dx=1",
                        "-XX:AOTCacheOutput=/w/T.aot",
                        "-cp",
                        "/w/a.jar:/w/b.jar",
                        AotTraining.class.getName());
        assertThat(AotCache.forkArgs(Path.of("/w/T.aot"))).containsExactly("-XX:AOTMode=on", "-XX:AOTCache=/w/T.aot");
        assertThat(JmhRun.aotJvmArgs(Path.of("/w/T.aot")))
                .startsWith(JmhRun.jvmArgs())
                .endsWith("-XX:AOTMode=on", "-XX:AOTCache=/w/T.aot");
    }

    @Test
    void thePlanCountsAotRunsAndTheFilterKnowsColdAotNames() {
        Suites.Plan plan = Suites.plan("fixtureaot", null, Suites.all());
        String bench = "dev.lockstep.bench.fixtureaot.AotBench.trained";
        assertThat(plan.expectedAot()).containsExactly(java.util.Map.entry(bench, 2L));
        assertThat(plan.aotRuns()).isEqualTo(2);
        assertThat(Side.aotTraining(bench)).isEqualTo(AotTraining.class);
        assertThat(Suites.plan("fixtureaot", Pattern.compile("trained-n2-cold-aot$"), Suites.all())
                        .benchmarks())
                .containsExactly(bench);
        Suites.Plan cold = Suites.plan("fixturecold", null, Suites.all());
        assertThat(cold.coldRuns()).isEqualTo(2);
        assertThat(cold.expectedAot()).isEmpty(); // @Cold without a training class
        assertThat(Side.ours("r-n{n}").coldAot().result()).isEqualTo("r-n{n}-cold-aot");
    }

    @Test
    void aTrainingClassWithoutMainIsRejectedBeforeTheRun() {
        assertThatThrownBy(() -> Suites.plan("fixtureaotbad", null, Suites.all()))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("NoMainBench.noMain")
                .hasMessageContaining("NotTraining")
                .hasMessageContaining("main");
    }

    @Test
    void aotIsOnByDefaultInFullModeOnlyAndFollowsTheColdForks() {
        Suites.Plan plan = Suites.plan("fixtureaot", null, Suites.all());
        RunSettings quick = BenchMain.coldSettings(plan, RunSettings.quick(), true);
        RunSettings full = BenchMain.coldSettings(plan, RunSettings.full(), false);
        assertThat(BenchMain.aotSettings(plan, quick, true, null).aotForks()).isNull();
        assertThat(BenchMain.aotSettings(plan, quick, true, true).aotForks()).isEqualTo(3);
        assertThat(BenchMain.aotSettings(plan, full, false, null).aotForks()).isEqualTo(5);
        assertThat(BenchMain.aotSettings(plan, full, false, false).aotForks()).isNull();
        Suites.Plan noTraining = Suites.plan("fixturecold", null, Suites.all());
        assertThat(BenchMain.aotSettings(
                                noTraining, BenchMain.coldSettings(noTraining, RunSettings.full(), false), false, true)
                        .aotForks())
                .isNull();
        RunSettings withAot = BenchMain.aotSettings(plan, full, false, null);
        assertThat(BenchMain.runs(plan, withAot)).isEqualTo(plan.runs() + 2);
        assertThat(BenchMain.runs(plan, full)).isEqualTo(plan.runs());
    }

    @Test
    void settingsShowAndKeepTheAotForks() throws Exception {
        RunSettings s = RunSettings.quick().withColdForks(3).withAotForks(3);
        assertThat(s.summary()).endsWith("; cold: 3 forks x 1 shot; cold-aot: 3 forks x 1 shot");
        assertThat(s.with(2, null, null, null, null).aotForks()).isEqualTo(3);
        assertThat(s.estimate(1, 1, 2).minus(s.estimate(1, 1, 0)))
                .isEqualTo(RunSettings.FORK_COST.multipliedBy(2 * 3 + 1)); // the shots and the training
        assertThat(s.withAotForks(null).estimate(1, 1, 2)).isEqualTo(s.estimate(1, 1, 0));
        RunSettings fitted = s.fitQuick(22, 15, 15);
        assertThat(fitted.aotForks()).isEqualTo(3);
        assertThat(fitted.iterationTime())
                .isLessThanOrEqualTo(s.fitQuick(22, 15, 0).iterationTime());
        assertThatThrownBy(() -> s.withAotForks(0)).isInstanceOf(IllegalArgumentException.class);
        Report report = new Report(
                "sync",
                true,
                "2026-01-01T00:00:00Z",
                true,
                Machine.current(),
                s,
                null,
                List.of(),
                List.of(),
                List.of());
        Path json = dir.resolve("r.json");
        JsonReport.write(report, json);
        assertThat(Files.readString(json)).contains("\"aotForks\" : 3");
        assertThat(JsonReport.read(json).settings().aotForks()).isEqualTo(3);
        assertThat(JsonReport.read(json).settings().withAotForks(null).summary())
                .doesNotContain("cold-aot");
    }

    private static Path jar(Path file, String classPath, String entry) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream os = Files.newOutputStream(file);
                JarOutputStream out = new JarOutputStream(os, m)) {
            if (entry != null) {
                out.putNextEntry(new JarEntry(entry));
                out.write(1);
                out.closeEntry();
            }
        }
        return file;
    }
}
