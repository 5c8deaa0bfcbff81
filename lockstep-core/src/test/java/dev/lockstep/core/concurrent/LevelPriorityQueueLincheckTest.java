package dev.lockstep.core.concurrent;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Linearizability of {@link LevelPriorityQueue}'s add, poll and isEmpty with three levels: poll
 * must return the oldest element of the highest level that is non-empty at one moment, which is
 * what the validation in poll is for (without it, Lincheck finds a poll that takes from a low level
 * after a higher element was added and observed).
 */
@Param(name = "value", gen = IntGen.class, conf = "1:3")
@Param(name = "level", gen = IntGen.class, conf = "0:2")
public class LevelPriorityQueueLincheckTest extends LincheckSuite {
    @Override
    Class<?> sequentialSpecification() {
        return Spec.class;
    }

    static final int LEVELS = 3;

    private final LevelPriorityQueue<Integer> queue = new LevelPriorityQueue<>(LEVELS);

    @Operation
    public void add(@Param(name = "value") int value, @Param(name = "level") int level) {
        queue.add(value, level);
    }

    @Operation
    public Integer poll() {
        return queue.poll();
    }

    @Operation
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** One FIFO per level; poll from the highest non-empty one. */
    public static final class Spec {
        private final ArrayDeque<Integer>[] levels;

        @SuppressWarnings("unchecked")
        public Spec() {
            levels = (ArrayDeque<Integer>[]) new ArrayDeque<?>[LEVELS];
            for (int i = 0; i < LEVELS; i++) {
                levels[i] = new ArrayDeque<>();
            }
        }

        public void add(int value, int level) {
            levels[level].add(value);
        }

        public Integer poll() {
            for (int l = LEVELS - 1; l >= 0; l--) {
                if (!levels[l].isEmpty()) {
                    return levels[l].poll();
                }
            }
            return null;
        }

        public boolean isEmpty() {
            for (ArrayDeque<Integer> q : levels) {
                if (!q.isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }
}
