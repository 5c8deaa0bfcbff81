package dev.lockstep.core.coroutine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A native frame on demand: C's {@code qsort} with a Java comparator that calls {@link
 * Coroutine#yield()}, for the pin tests (in this JVM and in {@link BackendProbe}'s child JVM). An
 * exception must not escape an FFM upcall (it kills the JVM), so the comparator keeps the first
 * thing its yield threw in {@link #upcallThrew()}.
 */
final class YieldingQsort {
    private YieldingQsort() {}

    private static final AtomicReference<Throwable> UPCALL_THREW = new AtomicReference<>();

    /** What the comparator's first failed yield threw since the last {@link #sort}, or null. */
    static Throwable upcallThrew() {
        return UPCALL_THREW.get();
    }

    static int compareAndYield(MemorySegment a, MemorySegment b) {
        try {
            Coroutine.yield();
        } catch (Throwable t) {
            UPCALL_THREW.compareAndSet(null, t);
        }
        return Integer.compare(a.get(ValueLayout.JAVA_INT, 0), b.get(ValueLayout.JAVA_INT, 0));
    }

    /** Sorts {@code values} with qsort and the yielding comparator; returns them sorted. */
    @SuppressWarnings("restricted") // the test JVMs enable native access
    static int[] sort(int... values) throws Throwable {
        UPCALL_THREW.set(null);
        Linker linker = Linker.nativeLinker();
        MethodHandle qsort = linker.downcallHandle(
                linker.defaultLookup().find("qsort").orElseThrow(),
                FunctionDescriptor.ofVoid(
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        MethodHandle compare = MethodHandles.lookup()
                .findStatic(
                        YieldingQsort.class,
                        "compareAndYield",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
        ValueLayout.OfInt intLayout = ValueLayout.JAVA_INT;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment comparator = linker.upcallStub(
                    compare,
                    FunctionDescriptor.of(
                            intLayout,
                            ValueLayout.ADDRESS.withTargetLayout(intLayout),
                            ValueLayout.ADDRESS.withTargetLayout(intLayout)),
                    arena);
            MemorySegment array = arena.allocateFrom(intLayout, values);
            qsort.invokeExact(array, (long) values.length, intLayout.byteSize(), comparator);
            return array.toArray(intLayout);
        }
    }
}
