package dev.lockstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any inputs with random outcomes, completed in any order, some before and some after the
 * combinator is built, each combinator gives exactly the documented result. The expected result is
 * computed by a simple model: the "effective order" is the inputs done before the call, in input
 * order, followed by the rest in the order they complete.
 */
class FuturesPropertyTest {
    enum Outcome {
        SUCCESS,
        FAILURE,
        CANCEL
    }

    /** {@code order} is a permutation of the input indices; the first {@code before} settle before the call. */
    record Scenario(List<Outcome> outcomes, List<Integer> order, int before) {
        int size() {
            return outcomes.size();
        }

        /** The model's "first": done-before inputs by index, then the rest by completion order. */
        List<Integer> effectiveOrder() {
            List<Integer> pre = new ArrayList<>(order.subList(0, before));
            pre.sort(null);
            pre.addAll(order.subList(before, order.size()));
            return pre;
        }

        boolean settledBefore(int index) {
            return order.subList(0, before).contains(index);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.of(Outcome.class).list().ofMaxSize(7).flatMap(outcomes -> {
            List<Integer> indices = IntStream.range(0, outcomes.size()).boxed().toList();
            return Arbitraries.shuffle(indices)
                    .flatMap(order -> Arbitraries.integers()
                            .between(0, outcomes.size())
                            .map(before -> new Scenario(outcomes, order, before)));
        });
    }

    /** Runs the scenario: settles the first inputs, builds the combination, settles the rest. */
    private static <R> Future<R> run(
            Scenario s, List<Promise<Integer>> in, Function<List<Promise<Integer>>, Future<R>> c) {
        for (int j = 0; j < s.before(); j++) {
            settle(s, in, s.order().get(j));
        }
        Future<R> result = c.apply(in);
        for (int j = s.before(); j < s.size(); j++) {
            settle(s, in, s.order().get(j));
        }
        return result;
    }

    private static void settle(Scenario s, List<Promise<Integer>> in, int i) {
        Promise<Integer> p = in.get(i);
        switch (s.outcomes().get(i)) {
            case SUCCESS -> p.complete(i * 10);
            case FAILURE -> p.fail(new IllegalStateException("failure of input " + i));
            case CANCEL -> p.cancel("cancel of input " + i);
        }
    }

    private static List<Promise<Integer>> inputs(Scenario s) {
        List<Promise<Integer>> in = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            in.add(new Promise<>());
        }
        return in;
    }

    /** {@code result} ended exactly like {@code input}: same value, or the same exception instance. */
    private static void assertMirrors(Future<?> result, Future<?> input) {
        assertThat(result.isDone()).isTrue();
        if (input.isSuccess()) {
            assertThat(result.isSuccess()).isTrue();
            assertThat(result.resultNow()).isEqualTo(input.resultNow());
        } else {
            assertThat(result.isCancelled()).isEqualTo(input.isCancelled());
            assertThat(result.exceptionNow()).isSameAs(input.exceptionNow());
        }
    }

    private static void assertEmptyInputFailure(Future<?> result) {
        assertThat(result.isFailed()).isTrue();
        assertThat(result.exceptionNow()).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 400)
    void allMatchesTheModel(@ForAll("scenarios") Scenario s) {
        List<Promise<Integer>> in = inputs(s);
        Future<List<Integer>> all = run(s, in, Futures::all);
        Integer firstBad = s.effectiveOrder().stream()
                .filter(i -> s.outcomes().get(i) != Outcome.SUCCESS)
                .findFirst()
                .orElse(null);
        if (firstBad == null) {
            assertThat(all.resultNow())
                    .containsExactlyElementsOf(IntStream.range(0, s.size())
                            .map(i -> i * 10)
                            .boxed()
                            .toList());
        } else {
            assertMirrors(all, in.get(firstBad));
        }
    }

    @Property(tries = 400)
    void anyMatchesTheModel(@ForAll("scenarios") Scenario s) {
        List<Promise<Integer>> in = inputs(s);
        Future<Integer> any = run(s, in, Futures::any);
        if (s.size() == 0) {
            assertEmptyInputFailure(any);
            return;
        }
        assertMirrors(any, in.get(s.effectiveOrder().getFirst()));
        for (int i = 0; i < s.size(); i++) { // any never touches its inputs
            assertThat(in.get(i).isCancelled()).isEqualTo(s.outcomes().get(i) == Outcome.CANCEL);
        }
    }

    @Property(tries = 400)
    void firstSuccessMatchesTheModel(@ForAll("scenarios") Scenario s) {
        List<Promise<Integer>> in = inputs(s);
        Future<Integer> first = run(s, in, Futures::firstSuccess);
        if (s.size() == 0) {
            assertEmptyInputFailure(first);
            return;
        }
        Integer winner = s.effectiveOrder().stream()
                .filter(i -> s.outcomes().get(i) == Outcome.SUCCESS)
                .findFirst()
                .orElse(null);
        if (winner != null) {
            assertThat(first.resultNow()).isEqualTo(winner * 10);
            return;
        }
        assertThat(first.isFailed()).isTrue();
        AllFailedException e = (AllFailedException) first.exceptionNow();
        assertThat(e.getCauses()).hasSize(s.size());
        for (int i = 0; i < s.size(); i++) {
            assertThat(e.getCauses().get(i)).isSameAs(in.get(i).exceptionNow());
        }
    }

    @Property(tries = 400)
    void raceMatchesTheModel(@ForAll("scenarios") Scenario s) {
        List<Promise<Integer>> in = inputs(s);
        Future<Integer> race = run(s, in, Futures::race);
        if (s.size() == 0) {
            assertEmptyInputFailure(race);
            return;
        }
        int winner = s.effectiveOrder().getFirst();
        assertThat(in.get(winner).isCancelled()).isEqualTo(s.outcomes().get(winner) == Outcome.CANCEL);
        assertMirrors(race, in.get(winner));
        for (int i = 0; i < s.size(); i++) {
            if (i == winner) {
                continue;
            }
            Promise<Integer> loser = in.get(i);
            if (s.settledBefore(i)) { // done before the race: keeps its own outcome
                assertThat(loser.isCancelled()).isEqualTo(s.outcomes().get(i) == Outcome.CANCEL);
                assertThat(loser.isSuccess()).isEqualTo(s.outcomes().get(i) == Outcome.SUCCESS);
            } else { // pending when the race was decided: cancelled by it
                assertThat(loser.isCancelled()).isTrue();
                assertThat(loser.exceptionNow())
                        .isInstanceOf(CancellationException.class)
                        .hasMessage("race decided by input #" + winner);
            }
        }
    }
}
