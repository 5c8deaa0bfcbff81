package dev.lockstep.core.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Many suspended coroutines fit in little heap: creates N coroutines suspended one helper frame
 * deep (10^5; 10^6 with {@code -Dlockstep.stress=long}), measures the heap used after full GCs,
 * and reports bytes per suspended coroutine. The bound (3 KiB, so 10^6 fit in 3 GiB) is generous:
 * the figures go to docs/core/coroutines.md. All of them then resume to DONE.
 */
class CoroutineMemoryTest {
    private static final boolean LONG = "long".equals(System.getProperty("lockstep.stress", "short"));
    private static final int N = LONG ? 1_000_000 : 100_000;
    private static final long BOUND_BYTES = 3 * 1024;

    private static void park(int[] counter) {
        counter[0]++;
        Coroutine.yield();
    }

    @BothBackends
    void suspendedCoroutinesFitInAFewKiBEach(CoroutineBackend backend) throws InterruptedException {
        int[] counter = new int[1];
        Coroutine<?>[] all = new Coroutine<?>[N];
        Coroutine.Body<int[]> body = self -> park(self.context());
        Coroutine.create("warm-up", counter, backend, body).resume(); // classes loaded before measuring
        long before = usedHeapAfterGc();
        for (int i = 0; i < N; i++) {
            Coroutine<int[]> c = Coroutine.create("m", counter, backend, body);
            c.resume();
            all[i] = c;
        }
        long after = usedHeapAfterGc();
        double perCoroutine = (after - before) / (double) N;
        System.out.printf(
                "coroutine memory: backend %s, %d suspended, %.0f bytes each (heap %d MiB -> %d MiB)%n",
                backend, N, perCoroutine, before >> 20, after >> 20);
        assertThat(counter[0]).isEqualTo(N + 1);
        assertThat(perCoroutine).isPositive().isLessThan(BOUND_BYTES);
        for (Coroutine<?> c : all) {
            assertThat(c.resume()).isEqualTo(CoroutineState.DONE);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
