package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/jdk.sh, which bin/lockstep and bin/test source, finds a JDK 25 or says plainly that there is none. */
class LauncherScriptTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path jvms;

    private record Result(int exit, String out, String err) {}

    private Result find(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                "bash", "-c", ". \"$ROOT/bin/jdk.sh\" && lockstep_find_jdk && echo \"$LOCKSTEP_JAVA_HOME\"");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("ROOT", ROOT.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Result(p.waitFor(), out, err);
    }

    /** A fake JDK home: a release file and executable java/javac stubs. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        for (String tool : new String[] {"java", "javac"}) {
            Path f = home.resolve("bin").resolve(tool);
            Files.writeString(f, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    @Test
    void picksTheNewestJdk25OrLaterFromTheJvmDirectory() throws Exception {
        fakeJdk("jdk-17", "17.0.15");
        fakeJdk("jdk-25", "25.0.3");
        Path newest = fakeJdk("jdk-26", "26");
        Result r = find(Map.of("LOCKSTEP_JVM_DIR", jvms.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(newest.toString());
    }

    @Test
    void javaHomeWinsWhenItIs25OrNewer() throws Exception {
        fakeJdk("jdk-26", "26");
        Path home = fakeJdk("chosen", "25.0.1");
        Result r = find(Map.of("LOCKSTEP_JVM_DIR", jvms.toString(), "JAVA_HOME", home.toString()));
        assertThat(r.out()).isEqualTo(home.toString());
    }

    @Test
    void withoutAJdk25ItSaysSoAndFails() throws Exception {
        Path old = fakeJdk("jdk-17", "17.0.15");
        Result r = find(Map.of("LOCKSTEP_JVM_DIR", jvms.toString(), "JAVA_HOME", old.toString()));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("no JDK 25 or newer found")
                .contains("(Java 17)")
                .contains("Install a JDK 25");
    }
}
