package dev.lockstep.core.coroutine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny main for {@link CoroutineBackendChoiceTest}, run in a child JVM with chosen flags. Prints
 * {@code key=value} lines: the default backend (or the error choosing it), the states of a
 * coroutine that yields twice, and with argument {@code pins} what yielding under a monitor and
 * under a foreign upcall does on the CONTINUATION backend.
 */
public final class BackendProbe {
    private BackendProbe() {}

    private static final Object LOCK = new Object();
    private static volatile Throwable upcallThrew;

    public static void main(String[] args) throws Throwable {
        System.out.println("continuationAvailable=" + CoroutineBackend.CONTINUATION.isAvailable());
        System.out.println("pinCheck=" + Coroutine.pinCheckEnabled());
        CoroutineBackend backend;
        try {
            backend = CoroutineBackend.defaultBackend();
        } catch (CoroutineException e) {
            System.out.println("error=" + e.getMessage());
            return;
        }
        System.out.println("backend=" + backend);
        List<CoroutineState> states = new ArrayList<>();
        Coroutine<Void> co = Coroutine.create("probe", null, self -> {
            Coroutine.yield();
            Coroutine.yield();
        });
        for (int i = 0; i < 3; i++) {
            states.add(co.resume());
        }
        System.out.println("states=" + states);
        if (args.length > 0 && args[0].equals("pins")) {
            pins();
        }
    }

    private static void pins() throws Throwable {
        Coroutine<Void> monitor = Coroutine.create("monitor", null, CoroutineBackend.CONTINUATION, self -> {
            synchronized (LOCK) {
                Coroutine.yield();
            }
        });
        System.out.println("monitorYield=" + monitor.resume());
        System.out.println("monitorEnd=" + monitor.resume());
        Coroutine<Void> ffm = Coroutine.create("ffm", null, CoroutineBackend.CONTINUATION, self -> {
            try {
                sortWithYieldingComparator();
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        });
        System.out.println("ffmEnd=" + ffm.resume());
        System.out.println("upcall="
                + (upcallThrew instanceof CoroutinePinnedException p
                        ? p.reason() + " " + p.frame()
                        : String.valueOf(upcallThrew)));
    }

    static int compareAndYield(MemorySegment a, MemorySegment b) {
        try {
            Coroutine.yield();
        } catch (Throwable t) {
            upcallThrew = t;
        }
        return Integer.compare(a.get(ValueLayout.JAVA_INT, 0), b.get(ValueLayout.JAVA_INT, 0));
    }

    @SuppressWarnings("restricted") // the child JVM enables native access
    private static void sortWithYieldingComparator() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle qsort = linker.downcallHandle(
                linker.defaultLookup().find("qsort").orElseThrow(),
                FunctionDescriptor.ofVoid(
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        MethodHandle compare = MethodHandles.lookup()
                .findStatic(
                        BackendProbe.class,
                        "compareAndYield",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
        try (Arena arena = Arena.ofConfined()) {
            ValueLayout.OfInt i = ValueLayout.JAVA_INT;
            MemorySegment comparator = linker.upcallStub(
                    compare,
                    FunctionDescriptor.of(
                            i, ValueLayout.ADDRESS.withTargetLayout(i), ValueLayout.ADDRESS.withTargetLayout(i)),
                    arena);
            qsort.invokeExact(arena.allocateFrom(i, 3, 1, 2), 3L, 4L, comparator);
        }
    }
}
