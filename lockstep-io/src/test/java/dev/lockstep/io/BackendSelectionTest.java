package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.io.internal.Backends;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backend selection: AUTO's fallback logged once, IO_URING's refusal, the capability sets. */
class BackendSelectionTest {
    private final Logger jul = Logger.getLogger("dev.lockstep.io"); // held: JUL keeps loggers weakly
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @AfterEach
    void restore() {
        System.clearProperty(Backends.PROPERTY);
        jul.removeHandler(handler);
        Backends.resetFallbackLogForTests();
    }

    @Test
    void autoFallsBackToNioAndLogsTheReasonOnce() {
        jul.addHandler(handler);
        jul.setLevel(Level.ALL);
        Backends.resetFallbackLogForTests();
        System.setProperty(Backends.PROPERTY, "off"); // io_uring "forbidden" here
        IoRuntime a = IoRuntime.builder().name("a").build();
        IoRuntime b = IoRuntime.builder().name("b").build();
        assertThat(a.backendName()).isEqualTo("nio");
        assertThat(b.backendName()).isEqualTo("nio");
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0)).contains("INFO", "fall back to NIO", "switched off");
        a.run(); // no task: closes its backend
        b.run();
    }

    @Test
    void ioUringThatCannotOpenFailsNamingTheReason() {
        System.setProperty(Backends.PROPERTY, "off");
        assertThatThrownBy(() -> IoRuntime.builder()
                        .name("u")
                        .backend(BackendKind.IO_URING)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runtime 'u'")
                .hasMessageContaining("IO_URING")
                .hasMessageContaining("switched off");
    }

    @Test
    void autoPicksIoUringWhereARingOpens() {
        IoBackends.assumeUring();
        IoRuntime rt = IoRuntime.builder().build();
        assertThat(rt.backendName()).isEqualTo("io_uring");
        rt.run();
    }

    @Test
    void nioDoesSocketsNativelyAndOffloadsFiles() {
        IoRuntime rt = IoRuntime.builder().backend(BackendKind.NIO).build();
        assertThat(rt.capabilities())
                .containsExactlyInAnyOrder(
                        IoCapability.TCP_ACCEPT,
                        IoCapability.TCP_CONNECT,
                        IoCapability.TCP_RECV,
                        IoCapability.TCP_SEND,
                        IoCapability.UDP_SEND,
                        IoCapability.UDP_RECEIVE,
                        IoCapability.CANCEL);
        rt.run();
    }

    @Test
    void ioUringDoesSocketsAndFilesNativelyButNotDirectories() {
        IoBackends.assumeUring();
        IoRuntime rt = IoRuntime.builder().backend(BackendKind.IO_URING).build();
        assertThat(rt.capabilities())
                .contains(
                        IoCapability.TCP_ACCEPT,
                        IoCapability.TCP_CONNECT,
                        IoCapability.TCP_RECV,
                        IoCapability.TCP_SEND,
                        IoCapability.UDP_SEND,
                        IoCapability.UDP_RECEIVE,
                        IoCapability.CANCEL,
                        IoCapability.FILE_OPEN,
                        IoCapability.FILE_READ,
                        IoCapability.FILE_WRITE,
                        IoCapability.FILE_STAT,
                        IoCapability.FILE_CLOSE)
                .doesNotContain(IoCapability.DIRECTORIES);
        rt.run();
    }
}
