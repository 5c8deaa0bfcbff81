package dev.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.core.coroutine.CoroutineBackend;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * Memory stays flat over many instants: a machine that, every instant, forks a short-lived child,
 * makes fresh event and aggregate signals, emits them, awaits through a {@code when} and a {@code
 * watch}, and talks to the host, holds no more heap after N instants than after N/10. N is
 * 100,000 by default and 1,000,000 with {@code -Dlockstep.stress=long} (the figure). The
 * bound is 8 MiB of growth over the last 90% of the run: a leak of a process, a signal or a
 * waiter per instant (each well over 100 bytes) breaks it at either N. Heap is measured after
 * full GCs; this is not a timing test.
 */
class SyncMemorySoakTest {
    private static final boolean LONG = "long".equals(System.getProperty("lockstep.stress", "short"));
    private static final long N = LONG ? 1_000_000 : 100_000;

    private static long usedAfterGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            best = Math.min(best, mx.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    @Test
    void heapIsFlatOverManyInstants() {
        long[] outputs = {0};
        long[] received = {0};
        try (Machine<Integer, Long> m = Machine.builder((Program<Integer, Long>) (s, in, out) -> s.parallel(
                        p -> {
                            long sum = 0;
                            while (true) {
                                EventSignal<Long> tick = p.eventSignal("tick");
                                AggregateSignal<Integer, Integer> votes = p.aggregateSignal("votes", 0, Integer::sum);
                                p.fork(c -> {
                                    c.emit(votes, 1);
                                    c.pause();
                                });
                                p.emit(votes, 2);
                                p.emit(tick, sum);
                                p.when(tick, w -> w.watch(tick, x -> x.awaitImmediate(tick)));
                                sum++;
                                p.emit(out, sum);
                                p.pause();
                            }
                        },
                        p -> {
                            while (true) {
                                received[0] += p.await(in);
                            }
                        }))
                .backend(CoroutineBackend.CONTINUATION)
                .onOutput(v -> outputs[0]++)
                .build()) {
            long warm = N / 10;
            for (long i = 0; i < warm; i++) {
                m.step(i % 7 == 0 ? 3 : null);
            }
            long before = usedAfterGc();
            for (long i = warm; i < N; i++) {
                m.step(i % 7 == 0 ? 3 : null);
            }
            long after = usedAfterGc();
            System.out.printf(
                    "sync memory soak: %,d instants, heap after GC %,d KiB at %,d and %,d KiB at %,d (%+,d bytes)%n",
                    N, before / 1024, warm, after / 1024, N, after - before);
            assertThat(m.instant()).isEqualTo(N);
            assertThat(outputs[0]).isEqualTo(N);
            assertThat(received[0]).isEqualTo(3L * ((N - 1) / 7 + 1) - (N % 7 == 1 ? 3 : 0));
            assertThat(m.liveProcesses()).isLessThan(10);
            assertThat(after - before)
                    .as("heap growth over %,d instants", N - warm)
                    .isLessThan(8L << 20);
        }
    }
}
