package dev.lockstep.core.concurrent;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Linearizability of {@link ChaseLevDeque}: push and pop run in one thread only (the owner group),
 * steal from any thread. The deque starts with capacity 2, so scenarios cross a grow.
 *
 * <p>{@code steal()} may return null when it loses a race with another thief or the owner even
 * though the deque is not empty at that moment; that spurious failure is part of its contract and
 * has no sequential counterpart. The test operation therefore retries a failed steal until it
 * either succeeds or {@code isEmpty()} confirms an empty moment, which is how callers that must
 * know emptiness use it.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public class ChaseLevDequeLincheckTest extends LincheckSuite {
    @Override
    Class<?> sequentialSpecification() {
        return Spec.class;
    }

    private final ChaseLevDeque<Integer> deque = new ChaseLevDeque<>(2);

    @Operation(nonParallelGroup = "owner")
    public void push(@Param(name = "value") int value) {
        deque.push(value);
    }

    @Operation(nonParallelGroup = "owner")
    public Integer pop() {
        return deque.pop();
    }

    @Operation
    public Integer steal() {
        while (true) {
            Integer x = deque.steal();
            if (x != null || deque.isEmpty()) {
                return x;
            }
        }
    }

    @Operation
    public boolean isEmpty() {
        return deque.isEmpty();
    }

    /** The owner works the tail of an {@link ArrayDeque}, thieves its head. */
    public static final class Spec {
        private final ArrayDeque<Integer> d = new ArrayDeque<>();

        public void push(int value) {
            d.addLast(value);
        }

        public Integer pop() {
            return d.pollLast();
        }

        public Integer steal() {
            return d.pollFirst();
        }

        public boolean isEmpty() {
            return d.isEmpty();
        }
    }
}
