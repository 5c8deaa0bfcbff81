package dev.lockstep.core.concurrent;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Linearizability of {@link BlockingMpmcQueue}'s non-blocking operations together with {@code
 * close}: after a close every offer throws {@link QueueClosedException} and polls drain what was
 * offered before it. (The waiting methods are covered by {@link BlockingMpmcQueueTest} and the
 * stress test there: a call that may block forever has no place in a Lincheck scenario.)
 */
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public class BlockingMpmcQueueLincheckTest extends LincheckSuite {
    @Override
    Class<?> sequentialSpecification() {
        return Spec.class;
    }

    static final int CAPACITY = 2;

    private final BlockingMpmcQueue<Integer> queue = new BlockingMpmcQueue<>("lincheck", CAPACITY);

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
    public void close() {
        queue.close();
    }

    @Operation
    public boolean isClosed() {
        return queue.isClosed();
    }

    /** A bounded FIFO with a closed flag that refuses offers once set. */
    public static final class Spec {
        private final ArrayDeque<Integer> q = new ArrayDeque<>();
        private boolean closed;

        public boolean offer(int value) {
            if (closed) {
                throw new QueueClosedException("lincheck", "closed");
            }
            return q.size() < CAPACITY && q.add(value);
        }

        public Integer poll() {
            return q.poll();
        }

        public int size() {
            return q.size();
        }

        public void close() {
            closed = true;
        }

        public boolean isClosed() {
            return closed;
        }
    }
}
