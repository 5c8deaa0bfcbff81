package dev.lockstep.core.concurrent;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Linearizability of {@link MpmcQueue} against a bounded {@link ArrayDeque}, with a capacity of 2
 * so that "full" and the wrap-around of the sequence numbers happen within a few operations.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public class MpmcQueueLincheckTest extends LincheckSuite {
    @Override
    Class<?> sequentialSpecification() {
        return Spec.class;
    }

    static final int CAPACITY = 2;

    private final MpmcQueue<Integer> queue = new MpmcQueue<>(CAPACITY);

    @Operation
    public boolean offer(@Param(name = "value") int value) {
        return queue.offer(value);
    }

    @Operation
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

    /** The sequential specification: a FIFO that refuses the element past its capacity. */
    public static final class Spec {
        private final ArrayDeque<Integer> q = new ArrayDeque<>();

        public boolean offer(int value) {
            return q.size() < CAPACITY && q.add(value);
        }

        public Integer poll() {
            return q.poll();
        }

        public int size() {
            return q.size();
        }

        public boolean isEmpty() {
            return q.isEmpty();
        }
    }
}
