package dev.lockstep.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The launcher: runtime counts per threading, one thread each, entry failures. */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang fails the test instead of CI
class LauncherTest {
    @Test
    void runtimeCountsFollowTheThreading() {
        assertThat(Threading.single().runtimes(8)).isEqualTo(1);
        assertThat(Threading.multi(3).runtimes(8)).isEqualTo(3);
        assertThat(Threading.all().runtimes(8)).isEqualTo(8);
        assertThat(Threading.auto().runtimes(8)).isEqualTo(3);
        assertThat(Threading.auto().runtimes(2)).isEqualTo(1);
        assertThat(Threading.auto().runtimes(1)).isEqualTo(1);
        assertThatThrownBy(() -> Threading.multi(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void eachRuntimeRunsOnItsOwnThreadWithItsOwnStorage() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Set<Object> seen = ConcurrentHashMap.newKeySet();
        List<IoRuntime> rts = Launcher.run(Threading.multi(3), rt -> {
            rt.put("id", rt.name());
            rt.spawn(r -> {
                threads.add(Thread.currentThread().getName());
                seen.add(r.get("id", String.class));
            });
        });
        assertThat(rts).extracting(IoRuntime::name).containsExactly("io-runtime-0", "io-runtime-1", "io-runtime-2");
        assertThat(threads).containsExactlyInAnyOrder("io-runtime-0", "io-runtime-1", "io-runtime-2");
        assertThat(seen).containsExactlyInAnyOrder("io-runtime-0", "io-runtime-1", "io-runtime-2");
    }

    @Test
    void anEntryThatThrowsIsRethrownAfterAllEnded() {
        assertThatThrownBy(() -> Launcher.run(Threading.multi(2), rt -> {
                    if (rt.name().endsWith("1")) {
                        throw new IllegalStateException("entry failed");
                    }
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("entry failed");
    }
}
