package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FuturesTest {
    /** Whether the inputs are settled before the combinator is built, or after. */
    enum When {
        BEFORE,
        AFTER
    }

    /** Builds the combination, settling the inputs by {@code settle} before or after. */
    private static <R> Future<R> combine(
            When when,
            Function<List<Promise<String>>, Future<R>> combinator,
            List<Promise<String>> in,
            Runnable settle) {
        if (when == When.BEFORE) {
            settle.run();
            return combinator.apply(in);
        }
        Future<R> f = combinator.apply(in);
        assertThat(f.isDone()).as("nothing settled yet").isFalse();
        settle.run();
        return f;
    }

    private static List<Promise<String>> promises(int n) {
        List<Promise<String>> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new Promise<>());
        }
        return l;
    }

    // ---- all ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(When.class)
    void allGivesEveryValueInInputOrder(When when) {
        List<Promise<String>> in = promises(4);
        Future<List<String>> all = combine(when, Futures::all, in, () -> {
            in.get(2).complete("c");
            in.get(0).complete("a");
            in.get(3).complete(null);
            in.get(1).complete("b");
        });
        assertThat(all.resultNow()).containsExactly("a", "b", "c", null);
        assertThatThrownBy(() -> all.resultNow().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void allFailsFastOnTheFirstFailureAndCancelsNothing(When when) {
        List<Promise<String>> in = promises(3);
        IOException cause = new IOException("second input failed");
        Future<List<String>> all = combine(when, Futures::all, in, () -> {
            in.get(0).complete("a");
            in.get(1).fail(cause);
        });
        assertThat(all.isFailed()).isTrue();
        assertThat(all.exceptionNow()).isSameAs(cause);
        assertThat(in.get(2).isDone()).as("the pending input is left alone").isFalse();
        in.get(2).fail(new IOException("later")); // ignored
        assertThat(all.exceptionNow()).isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void allEndsCancelledWhenAnInputIsCancelled(When when) {
        List<Promise<String>> in = promises(2);
        Future<List<String>> all =
                combine(when, Futures::all, in, () -> in.get(1).cancel("input stopped"));
        assertThat(all.isCancelled()).isTrue();
        assertThat(all.exceptionNow()).isSameAs(in.get(1).exceptionNow());
    }

    @Test
    void allOfNothingIsAnEmptyList() {
        assertThat(Futures.all(List.of()).resultNow()).isEmpty();
        assertThat(Futures.<String>all().resultNow()).isEmpty();
    }

    @Test
    void cancellingAllLeavesTheInputsAlone() {
        List<Promise<String>> in = promises(2);
        Future<List<String>> all = Futures.all(in);
        all.cancel();
        in.get(0).complete("a");
        in.get(1).complete("b");
        assertThat(all.isCancelled()).isTrue();
        assertThat(in).allMatch(Promise::isSuccess);
    }

    @Test
    void allOverTenThousandFuturesCompletedLater() {
        List<Promise<Integer>> in = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            in.add(new Promise<>());
        }
        Future<List<Integer>> all = Futures.all(in);
        for (int i = 0; i < in.size(); i++) {
            assertThat(all.isDone()).isFalse();
            in.get(i).complete(i);
        }
        List<Integer> values = all.resultNow();
        assertThat(values).hasSize(10_000);
        for (int i = 0; i < values.size(); i++) {
            assertThat(values.get(i)).isEqualTo(i);
        }
    }

    // ---- any ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(When.class)
    void anyTakesTheFirstCompletionEvenAFailure(When when) {
        List<Promise<String>> in = promises(3);
        IOException cause = new IOException("first to finish");
        Future<String> any = combine(when, Futures::any, in, () -> {
            in.get(1).fail(cause);
            in.get(0).complete("too late");
        });
        if (when == When.BEFORE) {
            // both were done before: input order decides, and input 0 succeeded
            assertThat(any.resultNow()).isEqualTo("too late");
        } else {
            assertThat(any.exceptionNow()).isSameAs(cause);
        }
        assertThat(in.get(2).isDone()).as("any cancels nothing").isFalse();
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void anyTakesAValue(When when) {
        List<Promise<String>> in = promises(3);
        Future<String> any = combine(when, Futures::any, in, () -> in.get(2).complete("c"));
        assertThat(any.resultNow()).isEqualTo("c");
        assertThat(in.get(0).isDone()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void anyEndsCancelledWhenTheFirstCompletionIsACancellation(When when) {
        List<Promise<String>> in = promises(2);
        Future<String> any = combine(when, Futures::any, in, () -> in.get(0).cancel("gone"));
        assertThat(any.isCancelled()).isTrue();
    }

    @Test
    void anyRaceAndFirstSuccessOfNothingFailWithIllegalArgument() {
        for (Future<String> f : List.of(
                Futures.<String>any(List.of()), Futures.<String>race(List.of()), Futures.<String>firstSuccess())) {
            assertThat(f.isFailed()).isTrue();
            assertThat(f.exceptionNow())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no futures");
        }
    }

    // ---- race --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(When.class)
    void raceTakesTheFirstCompletionAndCancelsTheLosers(When when) {
        List<Promise<String>> in = promises(3);
        Future<String> race = combine(when, Futures::race, in, () -> in.get(1).complete("winner"));
        assertThat(race.resultNow()).isEqualTo("winner");
        assertThat(in.get(0).isCancelled()).isTrue();
        assertThat(in.get(2).isCancelled()).isTrue();
        assertThat(in.get(0).exceptionNow()).hasMessage("race decided by input #1");
        assertThat(in.get(1).isSuccess()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void raceWonByAFailureStillCancelsTheLosers(When when) {
        List<Promise<String>> in = promises(2);
        IOException cause = new IOException("fast failure");
        Future<String> race = combine(when, Futures::race, in, () -> in.get(0).fail(cause));
        assertThat(race.exceptionNow()).isSameAs(cause);
        assertThat(in.get(1).isCancelled()).isTrue();
    }

    @Test
    void cancellingTheRaceCancelsEveryInput() {
        List<Promise<String>> in = promises(3);
        Future<String> race = Futures.race(in);
        race.cancel("no longer needed");
        assertThat(in).allMatch(Promise::isCancelled);
        assertThat(in.get(0).exceptionNow()).hasMessage("race cancelled");
    }

    @Test
    void anyDiffersFromRaceInLeavingLosersRunning() {
        List<Promise<String>> a = promises(2);
        Futures.any(a);
        a.get(0).complete("x");
        assertThat(a.get(1).isDone()).isFalse();
        List<Promise<String>> r = promises(2);
        Futures.race(r);
        r.get(0).complete("x");
        assertThat(r.get(1).isCancelled()).isTrue();
    }

    // ---- firstSuccess ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(When.class)
    void firstSuccessSkipsFailures(When when) {
        List<Promise<String>> in = promises(3);
        Future<String> f = combine(when, Futures::firstSuccess, in, () -> {
            in.get(0).fail(new IOException("a"));
            in.get(1).cancel();
            in.get(2).complete("c");
        });
        assertThat(f.resultNow()).isEqualTo("c");
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void firstSuccessAggregatesEveryCause(When when) {
        List<Promise<String>> in = promises(3);
        IOException a = new IOException("a");
        IllegalStateException c = new IllegalStateException("c");
        Future<String> f = combine(when, Futures::firstSuccess, in, () -> {
            in.get(2).fail(c);
            in.get(1).cancel("b cancelled");
            in.get(0).fail(a);
        });
        assertThat(f.isFailed()).as("a failure, not a cancellation").isTrue();
        AllFailedException e = (AllFailedException) f.exceptionNow();
        assertThat(e.getCauses()).hasSize(3);
        assertThat(e.getCauses().get(0)).isSameAs(a);
        assertThat(e.getCauses().get(1)).isInstanceOf(CancellationException.class);
        assertThat(e.getCauses().get(2)).isSameAs(c);
        assertThat(e.getCause()).isSameAs(a);
        assertThat(e.getSuppressed()).containsExactly(e.getCauses().get(1), c);
        assertThat(e).hasMessageContaining("all 3 futures failed");
    }

    @ParameterizedTest
    @EnumSource(When.class)
    void firstSuccessCancelsNothing(When when) {
        List<Promise<String>> in = promises(2);
        Future<String> f =
                combine(when, Futures::firstSuccess, in, () -> in.get(0).complete("a"));
        assertThat(f.resultNow()).isEqualTo("a");
        assertThat(in.get(1).isDone()).isFalse();
    }

    // ---- arguments ---------------------------------------------------------------------------

    @Test
    void nullInputsAreRefusedNamingTheIndex() {
        List<Future<String>> in = Arrays.asList(new Promise<>(), null);
        assertThatThrownBy(() -> Futures.all(in))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("all: future #1 is null");
        assertThatThrownBy(() -> Futures.race((List<Future<String>>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("race");
    }

    @Test
    void theSameFutureTwiceIsTwoInputs() {
        Promise<String> p = new Promise<>();
        Future<List<String>> all = Futures.all(p, p);
        p.complete("x");
        assertThat(all.resultNow()).containsExactly("x", "x");
    }

    @Test
    void combinatorsAcceptOtherFutureImplementations() {
        Promise<String> backing = new Promise<>();
        Future<String> foreign = new ForwardingFuture<>(backing);
        Future<List<String>> all = Futures.all(foreign);
        Future<String> mapped = foreign.map(v -> v + "!");
        backing.complete("x");
        assertThat(all.resultNow()).containsExactly("x");
        assertThat(mapped.resultNow()).isEqualTo("x!");
    }

    /** A Future that is not a Promise, to exercise the wrapping path of registration. */
    private record ForwardingFuture<T>(Future<T> d) implements Future<T> {
        @Override
        public boolean isDone() {
            return d.isDone();
        }

        @Override
        public boolean isSuccess() {
            return d.isSuccess();
        }

        @Override
        public boolean isFailed() {
            return d.isFailed();
        }

        @Override
        public boolean isCancelled() {
            return d.isCancelled();
        }

        @Override
        public boolean cancel() {
            return d.cancel();
        }

        @Override
        public boolean cancel(String reason) {
            return d.cancel(reason);
        }

        @Override
        public T resultNow() {
            return d.resultNow();
        }

        @Override
        public Throwable exceptionNow() {
            return d.exceptionNow();
        }

        @Override
        public T await() throws InterruptedException {
            return d.await();
        }

        @Override
        public T await(java.time.Duration timeout) throws InterruptedException, java.util.concurrent.TimeoutException {
            return d.await(timeout);
        }

        @Override
        public T join() {
            return d.join();
        }

        @Override
        public Future<T> onComplete(java.util.function.BiConsumer<? super T, ? super Throwable> callback) {
            d.onComplete(callback);
            return this;
        }
    }
}
