package dev.lockstep.core;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link Promise}'s single-word state: decisions (complete, fail, cancel) racing
 * each other and registrations (which push onto the same word). The sequential specification is
 * the promise itself run on one thread. (Callbacks run after the decision, not atomically with it,
 * so their effects are tested by PromiseTest's races, not here.)
 */
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class PromiseLincheckTest {
    private static final boolean LONG = "long".equals(System.getProperty("lockstep.stress"));

    private final Promise<Integer> promise = new Promise<>();

    @Operation
    public boolean complete(@Param(name = "value") int value) {
        return promise.complete(value);
    }

    @Operation
    public boolean fail() {
        return promise.fail(new IllegalStateException("failed"));
    }

    @Operation
    public boolean cancel() {
        return promise.cancel("cancelled");
    }

    @Operation
    public String outcome() {
        if (!promise.isDone()) {
            return "pending";
        }
        if (promise.isSuccess()) {
            return "value " + promise.resultNow();
        }
        return promise.isCancelled() ? "cancelled" : "failed";
    }

    /** Pushes a callback onto the same word the decisions CAS. */
    @Operation
    public void register() {
        promise.onComplete((v, e) -> {});
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(LONG ? 200 : 6)
                .invocationsPerIteration(LONG ? 5_000 : 200)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .check(getClass());
    }

    @Test
    void stress() {
        new StressOptions()
                .iterations(LONG ? 200 : 3)
                .invocationsPerIteration(LONG ? 20_000 : 300)
                .threads(3)
                .actorsPerThread(2)
                .check(getClass());
    }
}
