package dev.lockstep.core;

import static dev.lockstep.core.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.core.cancel.CancellationSource;
import dev.lockstep.core.cancel.CancellationToken;
import dev.lockstep.core.cancel.CancelledException;
import dev.lockstep.core.internal.SharedTimer;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DerivedFutureTest {
    /** Whether the source completes before or after the derived future is built. */
    enum When {
        BEFORE,
        AFTER
    }

    private static <T, R> Future<R> derive(
            When when, Promise<T> source, Function<Future<T>, Future<R>> op, Runnable finish) {
        if (when == When.BEFORE) {
            finish.run();
            return op.apply(source);
        }
        Future<R> derived = op.apply(source);
        assertThat(derived.isDone()).isFalse();
        finish.run();
        return derived;
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void mapTransformsTheValue(When when) {
        Promise<Integer> src = new Promise<>();
        Future<String> d = derive(when, src, f -> f.map(v -> "v" + v), () -> src.complete(7));
        assertThat(d.resultNow()).isEqualTo("v7");
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void mapPassesFailureThroughAndFailsWithWhatTheFunctionThrows(When when) {
        IOException cause = new IOException("disk");
        Promise<Integer> failing = new Promise<>();
        Future<String> d = derive(when, failing, f -> f.map(v -> "never"), () -> failing.fail(cause));
        assertThat(d.exceptionNow()).isSameAs(cause);

        IllegalStateException thrown = new IllegalStateException("mapper");
        Promise<Integer> ok = new Promise<>();
        Future<String> d2 = derive(
                when,
                ok,
                f -> f.map(v -> {
                    throw thrown;
                }),
                () -> ok.complete(1));
        assertThat(d2.isFailed()).isTrue();
        assertThat(d2.exceptionNow()).isSameAs(thrown);
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void cancellationPassesThroughEveryDerivation(When when) {
        for (Function<Future<Integer>, Future<?>> op : List.<Function<Future<Integer>, Future<?>>>of(
                f -> f.map(v -> v),
                f -> f.flatMap(Promise::completed),
                f -> f.recover(e -> 0),
                f -> f.recoverWith(e -> Promise.completed(0)),
                f -> f.orTimeout(Duration.ofHours(1)))) {
            Promise<Integer> src = new Promise<>();
            Future<?> d = derive(when, src, op::apply, () -> src.cancel("stop"));
            assertThat(d.isCancelled()).isTrue();
            assertThat(d.exceptionNow()).isSameAs(src.exceptionNow());
        }
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void flatMapFollowsTheInnerFuture(When when) {
        Promise<Integer> src = new Promise<>();
        Promise<String> inner = new Promise<>();
        Future<String> d = derive(when, src, f -> f.flatMap(v -> inner), () -> src.complete(1));
        assertThat(d.isDone()).isFalse();
        inner.complete("inner");
        assertThat(d.resultNow()).isEqualTo("inner");

        Promise<Integer> src2 = new Promise<>();
        Future<String> nul = derive(when, src2, f -> f.flatMap(v -> null), () -> src2.complete(1));
        assertThat(nul.exceptionNow()).isInstanceOf(NullPointerException.class).hasMessageContaining("flatMap");

        Promise<Integer> src3 = new Promise<>();
        Promise<String> failingInner = new Promise<>();
        Future<String> d3 = derive(when, src3, f -> f.flatMap(v -> failingInner), () -> src3.complete(1));
        failingInner.cancel("inner stopped");
        assertThat(d3.isCancelled()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void recoverTurnsFailureIntoValueButNeverCancellation(When when) {
        Promise<String> src = new Promise<>();
        Future<String> d = derive(
                when,
                src,
                f -> f.recover(e -> "recovered from " + e.getMessage()),
                () -> src.fail(new IOException("io")));
        assertThat(d.resultNow()).isEqualTo("recovered from io");

        Promise<String> ok = new Promise<>();
        Future<String> d2 = derive(when, ok, f -> f.recover(e -> "no"), () -> ok.complete("yes"));
        assertThat(d2.resultNow()).isEqualTo("yes");

        Promise<String> cancelled = new Promise<>();
        Future<String> d3 = derive(when, cancelled, f -> f.recover(e -> "no"), () -> cancelled.cancel());
        assertThat(d3.isCancelled()).isTrue();

        IOException original = new IOException("io");
        IllegalStateException again = new IllegalStateException("recovery failed");
        Promise<String> src4 = new Promise<>();
        Future<String> d4 = derive(
                when,
                src4,
                f -> f.recover(e -> {
                    throw again;
                }),
                () -> src4.fail(original));
        assertThat(d4.exceptionNow()).isSameAs(again);
        assertThat(again.getSuppressed()).containsExactly(original);
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void recoverWithFollowsTheRecoveryFuture(When when) {
        Promise<String> src = new Promise<>();
        Promise<String> fallback = new Promise<>();
        Future<String> d = derive(when, src, f -> f.recoverWith(e -> fallback), () -> src.fail(new IOException()));
        assertThat(d.isDone()).isFalse();
        fallback.complete("fallback");
        assertThat(d.resultNow()).isEqualTo("fallback");
    }

    @Test
    void cancellingADerivedFutureLeavesItsSourceAlone() {
        Promise<String> src = new Promise<>();
        Future<String> d = src.map(v -> v);
        assertThat(d.cancel()).isTrue();
        assertThat(src.isDone()).isFalse();
        src.complete("still fine");
        assertThat(d.isCancelled()).isTrue();
    }

    @Test
    void orTimeoutFailsWithATimeoutExceptionNamingTheDuration() throws Exception {
        Promise<String> src = new Promise<>();
        Future<String> d = src.orTimeout(Duration.ofMillis(30));
        CountDownLatch failed = new CountDownLatch(1);
        d.onComplete((v, e) -> failed.countDown());
        assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(d.exceptionNow()).isInstanceOf(TimeoutException.class).hasMessageContaining("PT0.03S");
        assertThatThrownBy(d::await).isInstanceOf(TaskFailedException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(src.isDone()).as("the source is not touched by the timeout").isFalse();
    }

    @Test
    void orTimeoutPassesTheValueWhenTheSourceIsFirst() {
        Promise<String> src = new Promise<>();
        Future<String> d = src.orTimeout(Duration.ofHours(1));
        src.complete("in time");
        assertThat(d.resultNow()).isEqualTo("in time");
        assertThat(Promise.completed("done").orTimeout(Duration.ZERO).resultNow())
                .isEqualTo("done");
    }

    @Test
    void timerIsDroppedWhenSourceCompletesFirst() throws Exception {
        int before = SharedTimer.queuedTasks();
        Promise<String>[] sources = newPromises(100);
        for (Promise<String> s : sources) {
            s.orTimeout(Duration.ofHours(1));
        }
        assertThat(SharedTimer.queuedTasks()).isGreaterThanOrEqualTo(before + 100);
        for (Promise<String> s : sources) {
            s.complete("x");
        }
        assertThat(eventually(() -> SharedTimer.queuedTasks() <= before)).isTrue();
    }

    @Test
    void cancellingTheTimedFutureDropsItsTimer() throws Exception {
        int before = SharedTimer.queuedTasks();
        Promise<String> src = new Promise<>();
        Future<String> d = src.orTimeout(Duration.ofHours(1));
        assertThat(SharedTimer.queuedTasks()).isGreaterThan(before);
        d.cancel();
        assertThat(eventually(() -> SharedTimer.queuedTasks() <= before)).isTrue();
        assertThat(src.isDone()).isFalse();
    }

    @Test
    void orTimeoutRejectsNegativeAndFailsAtOnceOnZero() {
        Promise<String> src = new Promise<>();
        assertThatThrownBy(() -> src.orTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-0.001S");
        assertThat(src.orTimeout(Duration.ZERO).exceptionNow()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void onCompleteWithExecutorRunsTheCallbackThere() throws Exception {
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "callback-executor"));
        try {
            Promise<String> p = new Promise<>();
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);
            p.onComplete(
                    (v, e) -> {
                        thread.set(Thread.currentThread().getName() + ":" + v);
                        ran.countDown();
                    },
                    exec);
            p.complete("v");
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(thread.get()).isEqualTo("callback-executor:v");
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void aRejectedExecutorCallbackReachesTheUncaughtHandler() throws Exception {
        ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
        Promise<String> p = new Promise<>();
        p.onComplete((v, e) -> {}, r -> {
            throw new RejectedExecutionException("full");
        });
        Thread t = Thread.ofPlatform().unstarted(() -> p.complete("v"));
        t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
        t.start();
        t.join();
        assertThat(uncaught).singleElement().isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void cancelOnCancelsTheFutureWithTheTokensReason() {
        CancellationSource source = new CancellationSource();
        Promise<String> p = new Promise<>();
        assertThat(p.cancelOn(source.token())).isSameAs(p);
        source.cancel("shutting down");
        assertThat(p.isCancelled()).isTrue();
        assertThat(((CancelledException) p.exceptionNow()).reason()).isEqualTo("shutting down");

        Promise<String> late = new Promise<>();
        late.cancelOn(source.token()); // already cancelled: at once
        assertThat(late.isCancelled()).isTrue();

        Promise<String> never = new Promise<>();
        never.cancelOn(CancellationToken.NONE);
        assertThat(never.isDone()).isFalse();
    }

    @Test
    void cancelOnUnregistersWhenTheFutureCompletes() throws Exception {
        CancellationSource source = new CancellationSource(); // long-lived: must not keep finished futures
        WeakReference<Promise<String>> ref = registerAndComplete(source.token());
        assertThat(TestSupport.collected(ref)).isTrue();
        assertThat(source.isCancellationRequested()).isFalse();
    }

    private static WeakReference<Promise<String>> registerAndComplete(CancellationToken token) {
        Promise<String> p = new Promise<>();
        p.cancelOn(token);
        p.complete("done first");
        return new WeakReference<>(p);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Promise<String>[] newPromises(int n) {
        Promise<String>[] a = new Promise[n];
        for (int i = 0; i < n; i++) {
            a[i] = new Promise<>();
        }
        return a;
    }

    @Test
    void cancellationExceptionFromAFunctionCancelsTheDerivedFuture() {
        Future<String> d = Promise.completed("x").map(v -> {
            throw new CancellationException("gave up");
        });
        assertThat(d.isCancelled()).isTrue();
    }

    @Test
    void deepChainsDoNotOverflowTheStack() throws Exception {
        int n = 200_000;
        AtomicReference<Future<Integer>> f = new AtomicReference<>();
        AtomicReference<Future<Integer>> g = new AtomicReference<>();
        List<Throwable> problems = onSmallStack(() -> {
            Promise<Integer> src = new Promise<>();
            Future<Integer> mapped = src;
            for (int i = 0; i < n; i++) {
                mapped = mapped.map(v -> v + 1);
            }
            Promise<Integer> cancelled = new Promise<>();
            Future<Integer> recovered = cancelled;
            for (int i = 0; i < n; i++) {
                recovered = recovered.recover(e -> -1);
            }
            src.complete(0);
            cancelled.cancel("deep");
            f.set(mapped);
            g.set(recovered);
        });
        assertThat(problems).isEmpty();
        assertThat(f.get().resultNow()).isEqualTo(n);
        assertThat(g.get().isCancelled()).isTrue();
    }

    @Test
    void anAsynchronousFlatMapLoopCompletesWithoutOverflow() throws Exception {
        int n = 100_000;
        List<Promise<Integer>> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(new Promise<>());
        }
        AtomicReference<Future<Integer>> result = new AtomicReference<>();
        List<Throwable> problems = onSmallStack(() -> {
            result.set(loop(steps, 0, 0));
            for (int i = 0; i < n; i++) {
                steps.get(i).complete(1); // each step finishes later, from the top of the stack
            }
        });
        assertThat(problems).isEmpty();
        assertThat(result.get().resultNow()).isEqualTo(n);
    }

    /**
     * Runs {@code body} on a thread with a 512 KiB stack; returns what it threw and what reached its
     * uncaught exception handler (a stack overflow inside a callback lands there).
     */
    private static List<Throwable> onSmallStack(Runnable body) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> problems = new ConcurrentLinkedQueue<>();
        Thread t = Thread.ofPlatform()
                .stackSize(512 * 1024)
                .uncaughtExceptionHandler((th, e) -> problems.add(e))
                .start(body);
        t.join();
        return List.copyOf(problems);
    }

    /** sum of steps[i..]: waits for step i, then continues with the rest. */
    private static Future<Integer> loop(List<Promise<Integer>> steps, int i, int acc) {
        if (i == steps.size()) {
            return Promise.completed(acc);
        }
        return steps.get(i).flatMap(v -> loop(steps, i + 1, acc + v));
    }
}
