package dev.lockstep.core.concurrent;

import java.util.PriorityQueue;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.LongGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Linearizability of {@link DeadlineQueue}: earliest deadline first, FIFO among equal deadlines in
 * linearization order. Deadlines come from {0, 1, 2}, so ties are frequent.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:3")
@Param(name = "deadline", gen = LongGen.class, conf = "0:2")
public class DeadlineQueueLincheckTest extends LincheckSuite {
    @Override
    Class<?> sequentialSpecification() {
        return Spec.class;
    }

    private final DeadlineQueue<Integer> queue = new DeadlineQueue<>();

    @Operation
    public void add(@Param(name = "value") int value, @Param(name = "deadline") long deadline) {
        queue.add(value, deadline);
    }

    @Operation
    public Integer poll() {
        return queue.poll();
    }

    @Operation
    public Integer pollDue(@Param(name = "deadline") long now) {
        return queue.pollDue(now);
    }

    @Operation
    public Integer peek() {
        return queue.peek();
    }

    @Operation
    public int size() {
        return queue.size();
    }

    /** A heap of (deadline, sequence, value). */
    public static final class Spec {
        private record Entry(long deadline, long sequence, int value) {}

        private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> a.deadline() != b.deadline()
                ? Long.compare(a.deadline(), b.deadline())
                : Long.compare(a.sequence(), b.sequence()));
        private long sequence;

        public void add(int value, long deadline) {
            heap.add(new Entry(deadline, sequence++, value));
        }

        public Integer poll() {
            Entry e = heap.poll();
            return e == null ? null : e.value();
        }

        public Integer pollDue(long now) {
            Entry e = heap.peek();
            return e == null || e.deadline() > now ? null : heap.poll().value();
        }

        public Integer peek() {
            Entry e = heap.peek();
            return e == null ? null : e.value();
        }

        public int size() {
            return heap.size();
        }
    }
}
