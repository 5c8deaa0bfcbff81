package dev.lockstep.flow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.io.IoException;
import dev.lockstep.io.IoRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waiting for futures inside lockstep-io tasks: the loop keeps running other tasks meanwhile. */
@Timeout(30)
class IoAwaitTest {
    @Test
    void aTaskWaitsForAFutureCompletedOnAnotherThreadWhileOtherTasksRun() {
        var pool = Executors.newSingleThreadScheduledExecutor();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> got = new AtomicReference<>();
        try (IoRuntime rt = IoRuntime.builder().name("await").build()) {
            rt.spawn(r -> {
                CompletableFuture<String> f = new CompletableFuture<>();
                pool.schedule(() -> f.complete("done"), 50, TimeUnit.MILLISECONDS);
                got.set(IoAwait.await(f));
                order.add("waiter");
            });
            rt.spawn(r -> order.add("other")); // runs while the waiter is parked
            rt.run();
        } finally {
            pool.shutdownNow();
        }
        assertThat(got.get()).isEqualTo("done");
        assertThat(order).containsExactly("other", "waiter");
    }

    @Test
    void aFailedFutureRethrowsItsCauseUnwrapped() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (IoRuntime rt = IoRuntime.builder().name("await-fail").build()) {
            rt.spawn(r -> {
                CompletableFuture<String> f = CompletableFuture.failedFuture(new IllegalStateException("boom"));
                try {
                    IoAwait.await(f);
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
            });
            rt.run();
        }
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void aDeadlineEndsTheWaitAndCancelsTheFuture() {
        CompletableFuture<String> never = new CompletableFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (IoRuntime rt = IoRuntime.builder().name("await-deadline").build()) {
            rt.spawn(r -> {
                try {
                    r.withTimeout(Duration.ofMillis(30), () -> IoAwait.await(never));
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
            });
            rt.run();
        }
        assertThat(thrown.get()).isInstanceOf(IoException.class);
        assertThat(never.isCancelled()).isTrue();
    }

    @Test
    void outsideATaskItJoins() {
        assertThat(IoAwait.await(CompletableFuture.completedFuture(7))).isEqualTo(7);
        assertThatThrownBy(() -> IoAwait.await(CompletableFuture.failedFuture(new IllegalArgumentException("x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
