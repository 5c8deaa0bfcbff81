package dev.lockstep.core.memory;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the pool's lock-free free list (a tagged Treiber stack) under correct use: each
 * thread releases only what it acquired (tracked per thread id), and the sequential specification is
 * the pool itself run one operation at a time, so the LIFO order of hand-outs must match exactly. The
 * pool is tiny so that pops, pushes and exhaustion interleave; model checking explores the ABA
 * schedule (pop, pop, push between a popper's read and its CAS) that an untagged stack would fail.
 */
@Param(name = "thread", gen = ThreadIdGen.class)
public class ObjectPoolLincheckTest {
    private static final int MAX_THREADS = 8;

    /** A pooled object with an id fixed by creation order (deterministic per test instance). */
    record Item(int id) {}

    private int nextId;
    private ObjectPool<Item> pool;

    /**
     * The pool is made on first use, inside an operation: Lincheck substitutes identity hash codes
     * while it runs operations, so an object hashed by the constructor, outside its control, would
     * hash differently when released. Both objects are made up front (STATIC), so the free list starts
     * with two entries: the precondition of the ABA schedule.
     */
    private synchronized ObjectPool<Item> pool() {
        if (pool == null) {
            pool = ObjectPool.create(() -> new Item(nextId++), 2, ObjectPool.Mode.STATIC);
        }
        return pool;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ArrayDeque<Item>[] held = new ArrayDeque[MAX_THREADS];

    {
        for (int i = 0; i < MAX_THREADS; i++) {
            held[i] = new ArrayDeque<>();
        }
    }

    /** Returns the id handed out, or -1 when the pool is exhausted. */
    @Operation
    public int acquire(@Param(name = "thread") int thread) {
        Item item = pool().tryAcquire();
        if (item == null) {
            return -1;
        }
        held[thread].push(item);
        return item.id();
    }

    /**
     * Releases this thread's oldest object (not the most recent: the ABA schedule needs the object
     * under the second to come back); returns its id, or -1 if it holds none.
     */
    @Operation
    public int release(@Param(name = "thread") int thread) {
        Item item = held[thread].pollLast();
        if (item == null) {
            return -1;
        }
        pool().release(item);
        return item.id();
    }

    /**
     * The ABA schedule, spelled out so it is always explored: thread 0 acquires twice while thread 1
     * acquires both objects and releases the first. With an untagged top, thread 0's first pop can
     * read X and X.next = Y, stall, then CAS X back to Y after thread 1 popped both and pushed X;
     * thread 0's second acquire then gets Y, which thread 1 still holds (the test fails when the tag
     * increments are removed from SlotStack).
     */
    private static ExecutionScenario abaScenario() throws NoSuchMethodException {
        Method acquire = ObjectPoolLincheckTest.class.getMethod("acquire", int.class);
        Method release = ObjectPoolLincheckTest.class.getMethod("release", int.class);
        return new ExecutionScenario(
                List.of(),
                List.of(
                        List.of(new Actor(acquire, List.of(0)), new Actor(acquire, List.of(0))),
                        List.of(
                                new Actor(acquire, List.of(1)),
                                new Actor(acquire, List.of(1)),
                                new Actor(release, List.of(1)))),
                List.of(),
                null);
    }

    @Test
    void modelChecking() throws NoSuchMethodException {
        new ModelCheckingOptions()
                .addCustomScenario(abaScenario())
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(0)
                .actorsAfter(0)
                .iterations(Stress.isLong() ? 200 : 3)
                .invocationsPerIteration(Stress.isLong() ? 5_000 : 150)
                .check(getClass());
    }

    @Test
    void stress() {
        new StressOptions()
                .threads(3)
                .actorsPerThread(4)
                .actorsBefore(0)
                .actorsAfter(0)
                .iterations(Stress.isLong() ? 200 : 5)
                .invocationsPerIteration(Stress.isLong() ? 10_000 : 500)
                .check(getClass());
    }
}
