package dev.lockstep.core.concurrent;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Linearizability of {@link SpscQueue} under its contract: Lincheck puts every offer in one thread
 * (the producer group) and every poll in one thread (the consumer group); size and isEmpty run
 * anywhere. Capacity 2, so that the cached indices go stale and "full" happens.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public class SpscQueueLincheckTest extends LincheckSuite {
    @Override
    Class<?> sequentialSpecification() {
        return MpmcQueueLincheckTest.Spec.class;
    }

    static final int CAPACITY = 2;

    private final SpscQueue<Integer> queue = new SpscQueue<>(CAPACITY);

    @Operation(nonParallelGroup = "producer")
    public boolean offer(@Param(name = "value") int value) {
        return queue.offer(value);
    }

    @Operation(nonParallelGroup = "consumer")
    public Integer poll() {
        return queue.poll();
    }

    @Operation
    public int size() {
        return queue.size();
    }

    @Operation
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    static {
        if (CAPACITY != MpmcQueueLincheckTest.CAPACITY) {
            throw new AssertionError("the shared specification assumes the same capacity");
        }
    }
}
