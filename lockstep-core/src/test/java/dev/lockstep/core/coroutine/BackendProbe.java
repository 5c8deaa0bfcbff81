package dev.lockstep.core.coroutine;

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
                YieldingQsort.sort(3, 1, 2);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        });
        System.out.println("ffmEnd=" + ffm.resume());
        System.out.println("upcall="
                + (YieldingQsort.upcallThrew() instanceof CoroutinePinnedException p
                        ? p.reason() + " " + p.frame()
                        : String.valueOf(YieldingQsort.upcallThrew())));
    }
}
