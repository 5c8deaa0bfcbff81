package dev.lockstep.core;

import static dev.lockstep.core.TestSupport.collected;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A decided combination holds nothing: the result future keeps no input alive, and inputs still
 * pending keep neither the result future nor its value alive. Each scenario is built in a helper
 * method so that no local variable of the test keeps a reference the test wants collected.
 */
class FuturesMemoryTest {
    /** What a scenario leaves: strong references the test keeps, and weak ones it expects cleared. */
    private record Scene(Object keptStrongly, WeakReference<?> expectCollected) {}

    @Test
    void anyHoldsNothingOnceDecided() throws Exception {
        // The result future is kept; the input that decided it is not: it must be collectable.
        Scene s = anyKeepingResultDroppingWinner();
        assertThat(collected(s.expectCollected())).isTrue();
        assertThat(s.keptStrongly()).isNotNull();
    }

    private static Scene anyKeepingResultDroppingWinner() {
        Promise<byte[]> winner = new Promise<>();
        Promise<byte[]> pending = new Promise<>();
        Future<byte[]> any = Futures.any(winner, pending);
        winner.complete(new byte[16]);
        return new Scene(List.of(any, pending), new WeakReference<>(winner));
    }

    @Test
    void pendingInputsDoNotKeepTheAnyResultAlive() throws Exception {
        Scene s = anyKeepingOnlyAPendingInput();
        assertThat(collected(s.expectCollected())).isTrue();
        assertThat(s.keptStrongly()).isNotNull();
    }

    private static Scene anyKeepingOnlyAPendingInput() {
        Promise<byte[]> winner = new Promise<>();
        Promise<byte[]> pending = new Promise<>();
        Future<byte[]> any = Futures.any(winner, pending);
        winner.complete(new byte[1 << 20]);
        return new Scene(pending, new WeakReference<>(any));
    }

    @Test
    void allFailedFastKeepsNoValuesAliveThroughPendingInputs() throws Exception {
        Scene s = allFailedWithAPendingInput();
        assertThat(collected(s.expectCollected())).isTrue();
        assertThat(s.keptStrongly()).isNotNull();
    }

    private static Scene allFailedWithAPendingInput() {
        Promise<Object> done = new Promise<>();
        Promise<Object> pending = new Promise<>();
        Promise<Object> failing = new Promise<>();
        Future<List<Object>> all = Futures.all(done, pending, failing);
        Object bigValue = new byte[1 << 20];
        done.complete(bigValue);
        failing.fail(new IOException("x"));
        return new Scene(List.of(all, pending), new WeakReference<>(bigValue));
    }

    @Test
    void cancellingAllReleasesItsValues() throws Exception {
        Scene s = allCancelledWithAPendingInput();
        assertThat(collected(s.expectCollected())).isTrue();
        assertThat(s.keptStrongly()).isNotNull();
    }

    private static Scene allCancelledWithAPendingInput() {
        Promise<Object> done = new Promise<>();
        Promise<Object> pending = new Promise<>();
        Future<List<Object>> all = Futures.all(done, pending);
        Object bigValue = new byte[1 << 20];
        done.complete(bigValue);
        all.cancel();
        return new Scene(List.of(all, pending), new WeakReference<>(bigValue));
    }

    @Test
    void raceForgetsItsInputsOnceDecided() throws Exception {
        Scene s = raceKeepingResultDroppingInputs();
        assertThat(collected(s.expectCollected())).isTrue();
        assertThat(s.keptStrongly()).isNotNull();
    }

    private static Scene raceKeepingResultDroppingInputs() {
        Promise<String> winner = new Promise<>();
        Promise<String> loser = new Promise<>();
        Future<String> race = Futures.race(winner, loser);
        winner.complete("w");
        return new Scene(race, new WeakReference<>(loser));
    }

    @Test
    void firstSuccessReleasesCausesAndResultOnceDecided() throws Exception {
        Scene s = firstSuccessKeepingAPendingInput();
        assertThat(collected(s.expectCollected())).isTrue();
        assertThat(s.keptStrongly()).isNotNull();
    }

    private static Scene firstSuccessKeepingAPendingInput() {
        Promise<Object> failed = new Promise<>();
        Promise<Object> winner = new Promise<>();
        Promise<Object> pending = new Promise<>();
        Future<Object> f = Futures.firstSuccess(failed, winner, pending);
        failed.fail(new IOException("x"));
        winner.complete(new byte[1 << 20]);
        return new Scene(pending, new WeakReference<>(f));
    }
}
