package dev.lockstep.core.concurrent;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/** Linearizability of {@link LockFreeStack}, size included (it is exact at its read of top). */
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public class LockFreeStackLincheckTest extends LincheckSuite {
    @Override
    Class<?> sequentialSpecification() {
        return Spec.class;
    }

    private final LockFreeStack<Integer> stack = new LockFreeStack<>();

    @Operation
    public void push(@Param(name = "value") int value) {
        stack.push(value);
    }

    @Operation
    public Integer pop() {
        return stack.pop();
    }

    @Operation
    public Integer peek() {
        return stack.peek();
    }

    @Operation
    public boolean isEmpty() {
        return stack.isEmpty();
    }

    @Operation
    public int size() {
        return stack.size();
    }

    /** A LIFO over {@link ArrayDeque}. */
    public static final class Spec {
        private final ArrayDeque<Integer> s = new ArrayDeque<>();

        public void push(int value) {
            s.push(value);
        }

        public Integer pop() {
            return s.poll();
        }

        public Integer peek() {
            return s.peek();
        }

        public boolean isEmpty() {
            return s.isEmpty();
        }

        public int size() {
            return s.size();
        }
    }
}
