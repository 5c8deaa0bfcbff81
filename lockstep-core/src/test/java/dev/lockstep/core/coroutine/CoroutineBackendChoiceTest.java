package dev.lockstep.core.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.Lockstep;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The backend choice, seen from child JVMs started with and without the export (the test JVM
 * itself has it): {@link BackendProbe} prints what it chose and runs a coroutine.
 */
class CoroutineBackendChoiceTest {

    @Test
    void thisJvmHasTheExportAndChoosesContinuation() {
        assertThat(CoroutineBackend.CONTINUATION.isAvailable()).isTrue();
        assertThat(CoroutineBackend.defaultBackend()).isEqualTo(CoroutineBackend.CONTINUATION);
        assertThat(CoroutineBackend.VIRTUAL_THREAD.isAvailable()).isTrue();
    }

    @Test
    void withoutTheExportTheVirtualThreadBackendIsChosenAndContinuationNeverLoaded() throws Exception {
        String out = probe(List.of("-Xlog:class+load=info"));
        assertThat(out)
                .contains("continuationAvailable=false")
                .contains("backend=VIRTUAL_THREAD")
                .contains("states=[SUSPENDED, SUSPENDED, DONE]")
                .contains("dev.lockstep.core.coroutine.internal.VirtualThreadDriver")
                .doesNotContain("ContinuationDriver"); // (the JDK loads Continuation itself, for virtual threads)
    }

    @Test
    void askingForContinuationWithoutTheExportNamesTheMissingFlag() throws Exception {
        String out = probe(List.of("-D" + CoroutineBackend.PROPERTY + "=continuation"));
        assertThat(out)
                .contains("error=")
                .contains(CoroutineBackend.REQUIRED_FLAG)
                .doesNotContainPattern("(?m)^backend=");
    }

    @Test
    void theVirtualThreadBackendCanBeForcedWithTheExportPresent() throws Exception {
        List<String> flags = new ArrayList<>(Arrays.asList(Lockstep.JVM_FLAGS.split(" ")));
        flags.add("-D" + CoroutineBackend.PROPERTY + "=virtual-thread");
        String out = probe(flags);
        assertThat(out).contains("continuationAvailable=true").contains("backend=VIRTUAL_THREAD");
    }

    @Test
    void anUnknownBackendOrPinCheckModeIsAnErrorNamingTheValue() throws Exception {
        assertThat(probe(List.of("-D" + CoroutineBackend.PROPERTY + "=fibers")))
                .contains("error=" + CoroutineBackend.PROPERTY + "=fibers is not a coroutine backend");
        assertThatProbeFailsCreating(List.of("-Dlockstep.coroutine.pinCheck=sometimes"), "sometimes");
    }

    private static void assertThatProbeFailsCreating(List<String> flags, String value) throws Exception {
        String out = probe(flags);
        assertThat(out).contains("CoroutineException").contains("lockstep.coroutine.pinCheck=" + value);
    }

    @Test
    void withThePinCheckOffContinuationStillReportsNativeFramesButNotMonitors() throws Exception {
        List<String> flags = new ArrayList<>(Arrays.asList(Lockstep.JVM_FLAGS.split(" ")));
        flags.add("-Dlockstep.coroutine.pinCheck=never");
        flags.add("-ea"); // "never" wins over assertions
        String out = probe(flags, "pins");
        assertThat(out)
                .contains("pinCheck=false")
                .contains("backend=CONTINUATION")
                // JDK 25: a monitor does not pin; the yield succeeds and the monitor moves with it
                .contains("monitorYield=SUSPENDED")
                .contains("monitorEnd=DONE")
                .contains("ffmEnd=DONE")
                .contains("upcall=NATIVE_FRAME foreign function upcall into " + YieldingQsort.class.getName()
                        + ".compareAndYield(");
    }

    private static String probe(List<String> flags, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(location(Coroutine.class) + File.pathSeparator + location(BackendProbe.class));
        cmd.add(BackendProbe.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String location(Class<?> c) throws URISyntaxException, IOException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toRealPath()
                .toString();
    }
}
